import { ensureDefaultDatabase } from './embedded-pg'
import { loadOrCreateSecrets } from './secrets'

/**
 * The frame of a one-shot script that runs the app's server modules
 * (scripts/sweep.ts, scripts/verify-chains.ts): the database is DATABASE_URL
 * when set, otherwise the embedded default server, started and stopped here.
 * `run` must import lib/server modules dynamically (they read DATABASE_URL
 * when first loaded) and returns the exit code; a thrown error prints its
 * message and exits 1.
 */
export function runAppScript(run: (database: { embedded: boolean }) => Promise<number>): void {
  const main = async (): Promise<number> => {
    const { url, stop, embedded } = await ensureDefaultDatabase()
    process.env.DATABASE_URL = url
    // lib/server/env validates AUTH_SECRET for every server module, though these scripts sign nothing.
    process.env.AUTH_SECRET ??= loadOrCreateSecrets().AUTH_SECRET
    try {
      const { db } = await import('@/lib/server/db')
      try {
        return await run({ embedded })
      } finally {
        await db.$disconnect()
      }
    } finally {
      await stop()
    }
  }
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exitCode = 1
    },
  )
}
