import { defineConfig } from '@playwright/test'
import base from './playwright.config'

/**
 * Two production instances on one database and one S3 store
 * (scripts/instances-server.ts), driven by e2e-instances/*.spec.ts: sessions,
 * lockout, alerts, custody and files behave as one system whichever instance
 * a request reaches, and an instance killed with kill -9 in the middle of a
 * write leaves nothing half-done. Needs a current `next build`.
 *
 *   npx playwright test -c playwright.instances.config.ts
 *
 * Ports: INSTANCE_PORTS (default 3140,3141) and the control port after them.
 */
const PORTS = (process.env.INSTANCE_PORTS ?? '3140,3141').split(',')

export default defineConfig({
  ...base,
  testDir: './e2e-instances',
  // Its own folder: npm test runs this suite while the e2e suite runs, and Playwright empties its outputDir when it starts.
  outputDir: 'test-results-instances',
  workers: 1,
  timeout: 180_000,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright-instances.json' }]],
  use: { ...base.use, baseURL: `http://localhost:${PORTS[0]}` },
  webServer: {
    command: 'npx tsx --conditions=react-server scripts/instances-server.ts',
    url: `http://localhost:${PORTS[PORTS.length - 1]}/sign-in`,
    reuseExistingServer: false,
    timeout: 240_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: { INSTANCE_PORTS: PORTS.join(',') },
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
