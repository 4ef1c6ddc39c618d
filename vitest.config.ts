import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const root = __dirname

/**
 * Two projects (CONVENTIONS.md, Testing):
 * - unit: pure code next to it (lib/**\/*.test.ts) and tests/unit; no database.
 * - integration: tests/integration against a real PostgreSQL. tests/global-setup.ts
 *   starts a throwaway embedded server (or uses TEST_PG_ADMIN_URL) and migrates
 *   a template database once; tests/helpers/integration-setup.ts gives every
 *   test file its own copy of it before the file's imports run.
 * The integration group runs after the unit group, two files at a time (2 cores).
 */
/** Integration files that take far longer than the rest (tests/integration/hostile-input.test.ts: minutes). */
const LONGEST = ['tests/integration/hostile-input.test.ts']

/**
 * Vitest's own order, but the longest files start first in their group: in a
 * fresh clone (CI) there are no earlier timings to sort by, and a long file
 * started late leaves one worker running it alone at the end.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const isLongest = (f: TestSpecification) => LONGEST.some((l) => f.moduleId === path.join(root, l))
    const longest = sorted.filter(isLongest)
    const rest = sorted.filter((f) => !isLongest(f))
    const at = rest.findIndex((f) => longest.some((l) => l.project.name === f.project.name))
    return at < 0 ? sorted : [...rest.slice(0, at), ...longest, ...rest.slice(at)]
  }
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // lib/server/* starts with `import 'server-only'`, whose default export throws
      // outside React Server Components: tests get the package's own empty module.
      { find: /^server-only$/, replacement: path.join(root, 'node_modules/server-only/empty.js') },
    ],
  },
  test: {
    // Global teardown stops the embedded test server.
    teardownTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: ['lib/generated/**', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          // next-auth imports 'next/server' without an extension, which Node's ESM resolver refuses
          // outside Next; processed by Vite it resolves (tests/integration/hostile-input.test.ts calls the sign-in actions).
          server: { deps: { inline: ['next-auth', '@auth/core'] } },
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/helpers/integration-setup.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
