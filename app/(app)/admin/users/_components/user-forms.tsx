'use client'

import { Link } from '@/components/ui/link'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { LookupInput } from '@/components/ui/lookup-input'
import type { ActionState } from '@/lib/server/action'
import { FormMessage } from '../../../../(auth)/_components/form-parts'
import { changeRoleAction, createUserAction, type CreateUserState } from '../actions'

const IDLE: ActionState = { status: 'idle' }

type Option = { value: string; label: string }

export function CreateUserForm({ roles }: { roles: Option[] }) {
  const [state, action, pending] = useActionState<CreateUserState, FormData>(createUserAction, IDLE)
  if (state.status === 'success' && state.created) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-semibold text-amber-950">Temporary password (shown once)</p>
          <p className="mt-2 font-mono text-lg tracking-wider text-slate-900" data-testid="temporary-password">
            {state.created.temporaryPassword}
          </p>
          <p className="mt-2 text-sm text-amber-950">
            Give it to {state.created.email} in person or by phone, never by e-mail. They must choose their own password when they first sign in.
          </p>
        </div>
        <div className="flex flex-wrap gap-3">
          <Link href={`/admin/users/${state.created.id}`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">
            Open the account
          </Link>
          <Link href="/admin/users" className="inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Back to users
          </Link>
        </div>
      </div>
    )
  }
  const v = state.values ?? {}
  return (
    <form action={action} className="max-w-xl space-y-5" noValidate>
      <FormMessage state={state} />
      <Field label="Full name" name="name" errors={state.fieldErrors?.name} required>
        {(p) => <input {...p} type="text" autoComplete="off" defaultValue={v.name ?? ''} maxLength={120} />}
      </Field>
      <Field label="E-mail" name="email" errors={state.fieldErrors?.email} hint="The address they sign in with." required>
        {(p) => <input {...p} type="email" autoComplete="off" defaultValue={v.email ?? ''} maxLength={254} />}
      </Field>
      <Field label="Role" name="role" errors={state.fieldErrors?.role} required>
        {(p) => (
          <select {...p} defaultValue={v.role ?? ''}>
            <option value="" disabled>
              Choose a role
            </option>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Handler profile" name="handler" errors={state.fieldErrors?.handler} hint="For officers: the badge number or name of the handler profile this account belongs to (one with no account yet). Leave empty for none.">
        {/* Typed, with suggestions: a state unit has thousands of handlers. Keyed by the echoed value: after a submit it shows what was posted. */}
        {(p) => <LookupInput {...p} key={v.handler ?? ''} kind="unlinked-handler" defaultValue={v.handler ?? ''} placeholder="e.g. B-1042 or Carter, Luke" />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create account'}
      </Button>
    </form>
  )
}

export function ChangeRoleForm({ userId, version, role, roles }: { userId: string; version: number; role: string; roles: Option[] }) {
  const [state, action, pending] = useActionState(changeRoleAction, IDLE)
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Role" name="role" errors={state.fieldErrors?.role} className="min-w-56" hint="Changing the role ends the user’s sessions.">
          {(p) => (
            <select {...p} defaultValue={state.values?.role ?? role} key={`${role}-${version}`}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Change role'}
        </Button>
      </div>
    </form>
  )
}

/** One administrative action on a user: a button posting the user id and the version shown. */
export function UserActionButton({
  action,
  userId,
  version,
  label,
  pendingLabel,
  variant = 'secondary',
  description,
  disabled = false,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>
  userId: string
  version: number
  label: string
  pendingLabel: string
  variant?: 'secondary' | 'danger'
  description: string
  disabled?: boolean
}) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const descId = `desc-${label.replace(/\W+/g, '-').toLowerCase()}`
  return (
    <form action={formAction} className="space-y-2 tile">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <p id={descId} className="text-sm text-slate-600">
        {description}
      </p>
      <Button type="submit" variant={variant} disabled={pending || disabled} aria-describedby={descId} className="disabled:opacity-60">
        {pending ? pendingLabel : label}
      </Button>
      <FormMessage state={state} />
    </form>
  )
}
