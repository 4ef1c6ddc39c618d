'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { redirect } from 'next/navigation'
import { signIn, signOut } from '@/auth'
import { failure, fromForm, invalid, formValues, type ActionState } from '@/lib/server/action'
import { currentSession, requestMeta, requirePendingStep } from '@/lib/server/auth'
import { confirmEnrollment, verifyMfaChallenge } from '@/lib/server/mfa'
import { endSession } from '@/lib/server/session'
import { changeOwnPassword } from '@/lib/server/users/commands'
import { ChangePasswordSchema, ConfirmMfaSchema, MfaCodeSchema, SignInSchema } from '@/lib/schemas/auth'
import type { Actor } from '@/lib/server/actor'

/**
 * Sign-in, its second step, the forced password change and MFA setup, and
 * sign-out. These are the only actions reachable without a full session; each
 * checks the state of the session it works on (lib/server/auth.ts).
 */

const INVALID = 'The e-mail address or password is not right. Check both and try again.'
const LOCKED = 'This account is locked after too many failed attempts. Ask an administrator to unlock it.'

export async function signInAction(_: ActionState, form: FormData): Promise<ActionState> {
  const parsed = SignInSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  // A new sign-in in this browser ends the session it replaces (its cookie is about to be overwritten).
  const previous = await currentSession()
  if (previous?.ok) await endSession(previous.sessionId, await requestMeta())
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      acknowledge: parsed.data.acknowledge,
      redirect: false,
    })
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const locked = error.code === 'locked'
      return { status: 'error', message: locked ? LOCKED : INVALID, values: formValues(form) }
    }
    if (error instanceof AuthError) return failure(error.cause?.err ?? error, form)
    return failure(error, form)
  }
  // The session may owe a step (MFA, a new password, MFA setup): the app's layout sends it there.
  redirect(parsed.data.next)
}

/** The actor of a session that is still completing sign-in (pending steps have no full Actor yet). */
async function pendingActor(step: 'mfa' | 'change-password' | 'mfa-setup'): Promise<Actor> {
  const s = await requirePendingStep(step)
  return { id: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role, handlerId: s.user.handlerId, sessionId: s.sessionId, ip: s.meta.ip, userAgent: s.meta.userAgent }
}

export async function verifyMfaAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await pendingActor('mfa')
  const parsed = MfaCodeSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    const result = await verifyMfaChallenge(actor.sessionId!, actor.id, parsed.data.code, actor)
    if (!result.ok) {
      if (result.reason === 'locked') {
        return { status: 'error', message: LOCKED }
      }
      return { status: 'error', message: 'That code is not right.', fieldErrors: { code: ['That code is not right. Type the code your app shows now, or an unused recovery code.'] } }
    }
  } catch (error) {
    return failure(error, form)
  }
  redirect('/')
}

export async function changePasswordAction(_: ActionState, form: FormData): Promise<ActionState> {
  // Both the forced change after a temporary password and the account page use this action.
  const check = await currentSession()
  if (!check) redirect('/sign-in?reason=required')
  if (!check.ok) redirect(`/sign-in?reason=${check.reason}`)
  if (check.pending === 'mfa') redirect('/sign-in/verify')
  const meta = await requestMeta()
  const actor: Actor = { id: check.user.id, email: check.user.email, name: check.user.name, role: check.user.role, handlerId: check.user.handlerId, sessionId: check.sessionId, ip: meta.ip, userAgent: meta.userAgent }
  const parsed = ChangePasswordSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await changeOwnPassword(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  if (check.pending === 'change-password') redirect('/')
  return { status: 'success', message: 'Your password was changed. Your other sessions were signed out.' }
}

export type MfaSetupState = ActionState & { recoveryCodes?: string[] }

export async function confirmMfaSetupAction(_: MfaSetupState, form: FormData): Promise<MfaSetupState> {
  // Forced setup (pending step) or voluntary setup from the account page.
  const check = await currentSession()
  if (!check) redirect('/sign-in?reason=required')
  if (!check.ok) redirect(`/sign-in?reason=${check.reason}`)
  if (check.pending === 'mfa') redirect('/sign-in/verify')
  if (check.pending === 'change-password') redirect('/sign-in/change-password')
  const meta = await requestMeta()
  const actor: Actor = { id: check.user.id, email: check.user.email, name: check.user.name, role: check.user.role, handlerId: check.user.handlerId, sessionId: check.sessionId, ip: meta.ip, userAgent: meta.userAgent }
  const parsed = ConfirmMfaSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    const recoveryCodes = await confirmEnrollment(actor, parsed.data.code)
    return { status: 'success', message: 'Two-factor authentication is on.', recoveryCodes }
  } catch (error) {
    return failure(error, form)
  }
}

/** Ends the server-side session (audited), then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const check = await currentSession()
  if (check?.ok) await endSession(check.sessionId, await requestMeta())
  await signOut({ redirect: false })
  redirect('/sign-in?reason=signed-out')
}
