'use server'

import { revalidatePath } from 'next/cache'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import {
  changeRole,
  createUser,
  deactivateUser,
  endUserSessions,
  reactivateUser,
  resetMfa,
  resetPassword,
  unlockUser,
} from '@/lib/server/users/commands'
import { ChangeRoleSchema, CreateUserSchema, UserTargetSchema, type UserTargetInput } from '@/lib/schemas/users'
import type { Actor } from '@/lib/server/actor'

/** User administration (users:manage, checked in each command). */

export type CreateUserState = ActionState & { created?: { id: string; email: string; temporaryPassword: string } }

export async function createUserAction(_: CreateUserState, form: FormData): Promise<CreateUserState> {
  const actor = await requireActor()
  const parsed = CreateUserSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string; temporaryPassword: string }
  try {
    created = await createUser(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/admin/users')
  return {
    status: 'success',
    message: `Account created for ${parsed.data.email}.`,
    created: { id: created.id, email: parsed.data.email, temporaryPassword: created.temporaryPassword },
  }
}

export async function changeRoleAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = ChangeRoleSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await changeRole(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/admin/users/${parsed.data.userId}`)
  return { status: 'success', message: 'Role changed. The user’s sessions were ended; the new role applies when they sign in again.' }
}

/** The shape shared by the one-button administrative actions. */
async function targetAction(form: FormData, run: (actor: Actor, input: UserTargetInput) => Promise<string>): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = UserTargetSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let message: string
  try {
    message = await run(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/admin/users/${parsed.data.userId}`)
  revalidatePath('/admin/users')
  return { status: 'success', message }
}

export async function deactivateUserAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    await deactivateUser(actor, input)
    return 'Account deactivated. Any open session ends at its next request.'
  })
}

export async function reactivateUserAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    await reactivateUser(actor, input)
    return 'Account reactivated.'
  })
}

export async function unlockUserAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    await unlockUser(actor, input)
    return 'Account unlocked. The failed-attempt count is back to zero.'
  })
}

export async function resetMfaAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    await resetMfa(actor, input)
    return 'Two-factor authentication reset. The user sets it up again at their next sign-in.'
  })
}

export async function resetPasswordAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    const { temporaryPassword } = await resetPassword(actor, input)
    return `Password reset. Temporary password: ${temporaryPassword} — give it to the user in person; they must change it when they sign in.`
  })
}

export async function endUserSessionsAction(_: ActionState, form: FormData): Promise<ActionState> {
  return targetAction(form, async (actor, input) => {
    const ended = await endUserSessions(actor, input)
    return ended === 0 ? 'The user had no open sessions.' : `Ended ${ended} ${ended === 1 ? 'session' : 'sessions'}.`
  })
}
