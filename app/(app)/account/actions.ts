'use server'

import { revalidatePath } from 'next/cache'
import { failure, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { regenerateRecoveryCodes } from '@/lib/server/mfa'
import { endMyOtherSessions } from '@/lib/server/users/commands'

/** The signed-in user's own account: any role (permission "authenticated" in the action registry). */

export type RecoveryCodesState = ActionState & { recoveryCodes?: string[] }

export async function regenerateRecoveryCodesAction(_: RecoveryCodesState, form: FormData): Promise<RecoveryCodesState> {
  const actor = await requireActor()
  try {
    const recoveryCodes = await regenerateRecoveryCodes(actor)
    revalidatePath('/account')
    return { status: 'success', message: 'New recovery codes issued. The old ones no longer work.', recoveryCodes }
  } catch (error) {
    return failure(error, form)
  }
}

export async function endOtherSessionsAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  let ended: number
  try {
    ended = await endMyOtherSessions(actor)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/account')
  return { status: 'success', message: ended === 0 ? 'You had no other sessions.' : `Signed out ${ended} other ${ended === 1 ? 'session' : 'sessions'}.` }
}
