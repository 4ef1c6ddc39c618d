import 'server-only'
import { randomBytes } from 'node:crypto'
import { after } from 'next/server'
import type { ZodError } from 'zod'
import { isAppError, type AppError } from '@/lib/errors'
import '@/lib/schemas/messages'
import { storableText } from '@/lib/text'
import { getActor, recordRefusal } from './auth'
import { PermissionDenied } from './policy'

/**
 * The one result shape of every server action (CONVENTIONS.md, "The one shape
 * of a server action"). `values` gives the form back its input after an error
 * so that nobody retypes a report; `fieldErrors` puts each problem next to its
 * field.
 */
export type ActionState = {
  status: 'idle' | 'success' | 'error'
  message?: string
  fieldErrors?: Record<string, string[]>
  values?: Record<string, string>
}

export const IDLE: ActionState = { status: 'idle' }

/**
 * Field names whose values never travel back to the browser: a password the
 * user typed must not be echoed into the page (ASVS 6.x, CONVENTIONS.md Errors).
 */
const SECRET_FIELD = /pass(word|phrase)|secret|token|^code$|recovery|otp|totp/i

/**
 * FormData → a plain object for zod. Repeated names (checkbox groups, multi
 * selects) become arrays; files are left out (upload actions read them from
 * the FormData themselves); Next's internal `$ACTION_…` fields are dropped.
 */
export function fromForm(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, raw] of form.entries()) {
    if (key.startsWith('$ACTION')) continue
    if (typeof raw !== 'string') continue
    // SECURITY: NUL and lone surrogates cannot be stored (lib/text.ts); no browser sends them from a field.
    const value = storableText(raw)
    const existing = out[key]
    if (existing === undefined) out[key] = value
    else if (Array.isArray(existing)) existing.push(value)
    else out[key] = [existing, value]
  }
  return out
}

/** The typed values to put back into the form (repeated names joined by commas; secrets never). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(fromForm(form))) {
    if (SECRET_FIELD.test(key)) continue
    values[key] = Array.isArray(value) ? value.join(',') : value
  }
  return values
}

/** zod issues → every field's problems, plus the values typed. */
export function invalid(error: ZodError, form: FormData): ActionState {
  const fieldErrors: Record<string, string[]> = {}
  const formErrors: string[] = []
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : ''
    if (!key) {
      formErrors.push(issue.message)
      continue
    }
    ;(fieldErrors[key] ??= []).push(issue.message)
  }
  return {
    status: 'error',
    message: formErrors[0] ?? 'Some fields need attention.',
    fieldErrors,
    values: formValues(form),
  }
}

/**
 * Any thrown error → a message fit for the user. An AppError carries its own
 * message (and field errors). Whatever the error, the values typed come back
 * (a CONFLICT most of all: the user reviews and resubmits). Anything else is logged with a reference
 * id the user can quote, and its text never reaches the browser.
 *
 * Redirect and notFound "errors" thrown by Next must not reach here: call
 * redirect() after the try block (CONVENTIONS.md).
 */
export function failure(error: unknown, form: FormData): ActionState {
  if (isAppError(error)) {
    if (error.code === 'FORBIDDEN' && !error.audited) auditRefusal(error)
    return {
      status: 'error',
      message: error.userMessage,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      values: formValues(form),
    }
  }
  const ref = randomBytes(4).toString('hex')
  console.error(`[action error ref=${ref}]`, error)
  return { status: 'error', message: `Something went wrong (ref ${ref}). Try again, and quote this reference if it keeps happening.`, values: formValues(form) }
}

/**
 * Every refused access is audited (issue 3). A command refuses before it has
 * a transaction, so the refusal is recorded after the response, with the
 * actor of this request and the permission that was missing.
 */
function auditRefusal(error: AppError) {
  try {
    after(async () => {
      const actor = await getActor()
      if (actor) await recordRefusal(actor, error instanceof PermissionDenied ? error.permission : 'action', null, { message: error.userMessage })
    })
  } catch {
    // Outside a request (scripts, tests) there is no actor to attribute it to.
  }
}
