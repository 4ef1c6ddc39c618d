/**
 * "Verify all chains" for cron or a scheduler (decision 025): recomputes every
 * evidence item's chain of custody and stores the report that
 * /evidence/verification shows.
 *
 *   npm run verify-chains              a run now (nightly cron)
 *   npm run verify-chains -- --if-due  only when the last run started over a day ago
 *
 * Safe on several machines at once: one run at a time (the database refuses a
 * second), and a run left by a dead instance is resumed from where it
 * stopped. The database is DATABASE_URL when set, otherwise the embedded
 * default server. Exit code 0: every chain intact, or another instance is on
 * it; 2: chains that do not verify (the report names them); 1: an error.
 */
import { parseArgs } from 'node:util'
import { runAppScript } from './lib/app-script'

const { values } = parseArgs({ options: { 'if-due': { type: 'boolean', default: false } } })

runAppScript(async () => {
  const { verifyChainsIfDue } = await import('@/lib/server/evidence/verification-runs')
  const { db } = await import('@/lib/server/db')
  const started = performance.now()
  const outcome = await verifyChainsIfDue(new Date(), undefined, { evenIfRecent: !values['if-due'] })
  if (!outcome.ran) {
    console.log(outcome.reason === 'running' ? 'A verification run is going on on another instance; nothing to do.' : 'The last run started less than a day ago; nothing to do.')
    return 0
  }
  if (outcome.outcome !== 'completed') {
    console.log(`Another instance took the run over (${outcome.outcome}); it finishes it.`)
    return 0
  }
  const run = await db.chainVerificationRun.findUniqueOrThrow({ where: { id: outcome.runId }, select: { itemsChecked: true, eventsChecked: true, brokenCount: true } })
  const took = ((performance.now() - started) / 1000).toFixed(1)
  const plural = (k: number, word: string) => `${k.toLocaleString('en-US')} ${word}${k === 1 ? '' : 's'}`
  console.log(`Run ${outcome.runId}: ${plural(run.itemsChecked, 'item')}, ${plural(run.eventsChecked, 'event')} checked in ${took} s; ${run.brokenCount === 0 ? 'every chain intact' : `${run.brokenCount} chains DO NOT VERIFY (see /evidence/verification)`}.`)
  return run.brokenCount === 0 ? 0 : 2
})
