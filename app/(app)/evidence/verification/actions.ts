'use server'

import { after } from 'next/server'
import { revalidatePath } from 'next/cache'
import { failure, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { requestChainVerification, workInBackground } from '@/lib/server/evidence/verification-runs'

/**
 * "Verify all chains now": starts a run (or finds the one going on) and works
 * on it after the response, so the page comes back at once and shows progress.
 */
export async function verifyAllChainsAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  let started: boolean
  try {
    const run = await requestChainVerification(actor)
    started = run.started
    if (run.started) after(() => workInBackground(run.runId, run.holder))
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/evidence/verification')
  return started
    ? { status: 'success', message: 'Verification started. Its progress is shown below; you can leave this page and come back.' }
    : { status: 'success', message: 'A verification is already running. Its progress is shown below.' }
}
