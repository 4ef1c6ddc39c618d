import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end tests (e2e/*.spec.ts) against the production build, served by
 * scripts/e2e-server.ts: a throwaway embedded PostgreSQL (port 54349, fresh
 * temp folder), migrated and loaded with the demo data, behind `next start`
 * on port 3100 with DEMO_MODE=true. `npm test` runs `next build` first; run
 * alone, the server builds when .next is missing or stale.
 *
 * The browser is Debian's Chromium (Playwright's download needs the internet):
 * apt-get install -y chromium. The flags keep it off the network.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100)

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'npx tsx --conditions=react-server scripts/e2e-server.ts',
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    // Covers a build when .next is stale (2 cores: minutes).
    timeout: 300_000,
    // SIGTERM lets the server stop Next and its PostgreSQL and delete the temp data.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
