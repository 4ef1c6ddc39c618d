/**
 * One welfare sweep (issue 8; lib/server/alerts/sweep.ts) and one upload
 * sweep (temp files and unreferenced blobs older than an hour;
 * lib/server/uploads/sweep.ts), for cron or a scheduler:
 *
 *   npx tsx --conditions=react-server scripts/sweep.ts
 *
 * Safe to run from several machines at once: the sweep takes a lease in the
 * database and a run that finds it held does nothing. The database is
 * DATABASE_URL when set, otherwise the embedded default server.
 * Exit code 0 when the sweep ran or another instance held the lease.
 */
import { runAppScript } from './lib/app-script'

runAppScript(async ({ embedded }) => {
  const { runSweep } = await import('@/lib/server/alerts/sweep')
  const outcome = await runSweep()
  if (!outcome.ran) console.log('Another instance holds the sweep lease; nothing to do.')
  else console.log(`Sweep done${embedded ? ' (embedded PostgreSQL)' : ''}: ${JSON.stringify(outcome.result)}`)
  const { sweepUploads } = await import('@/lib/server/uploads/sweep')
  const { blobStore } = await import('@/lib/server/blobs')
  console.log(`Upload sweep done: ${JSON.stringify(await sweepUploads(await blobStore()))}`)
  return 0
})
