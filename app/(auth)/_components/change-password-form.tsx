'use client'

import { useActionState } from 'react'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/server/action'
import { changePasswordAction } from '../actions'
import { FormMessage, SubmitButton } from './form-parts'

const IDLE: ActionState = { status: 'idle' }

/** Used by the forced change after a temporary password and by the account page. */
export function ChangePasswordForm({ email, currentLabel = 'Current password' }: { email: string; currentLabel?: string }) {
  const [state, action] = useActionState(changePasswordAction, IDLE)
  return (
    <form action={action} className="space-y-5" noValidate key={state.status === 'success' ? 'done' : 'form'}>
      <FormMessage state={state} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label={currentLabel} name="currentPassword" errors={state.fieldErrors?.currentPassword} required>
        {(p) => <input {...p} type="password" autoComplete="current-password" maxLength={1024} />}
      </Field>
      <Field
        label="New password"
        name="newPassword"
        errors={state.fieldErrors?.newPassword}
        hint="At least 12 characters; up to 128. Any characters, spaces too: a short sentence works well. Common passwords are refused."
        required
      >
        {(p) => <input {...p} type="password" autoComplete="new-password" maxLength={128} />}
      </Field>
      <Field label="New password again" name="confirmPassword" errors={state.fieldErrors?.confirmPassword} required>
        {(p) => <input {...p} type="password" autoComplete="new-password" maxLength={128} />}
      </Field>
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  )
}
