import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { requestChainVerification, workOnRun } from '@/lib/server/evidence/verification-runs'

/** "Verify all chains now", worked to the end in the test (the app does it after the response): the finished run and its findings. */
export async function verifyAllNow(actor: Actor) {
  const run = await requestChainVerification(actor)
  if (!run.started) throw new Error('a verification run was already going on')
  const outcome = await workOnRun(run.runId, run.holder)
  if (outcome !== 'completed') throw new Error(`the run did not complete: ${outcome}`)
  const [report, broken] = await Promise.all([
    db.chainVerificationRun.findUniqueOrThrow({ where: { id: run.runId } }),
    db.chainVerificationFinding.findMany({ where: { runId: run.runId }, orderBy: { id: 'asc' } }),
  ])
  return { ...report, broken }
}
