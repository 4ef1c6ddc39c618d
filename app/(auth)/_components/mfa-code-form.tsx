'use client'

import { useActionState } from 'react'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/server/action'
import { verifyMfaAction } from '../actions'
import { FormMessage, SubmitButton } from './form-parts'

const IDLE: ActionState = { status: 'idle' }

export function MfaCodeForm() {
  const [state, action] = useActionState(verifyMfaAction, IDLE)
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <Field
        label="Authentication code"
        name="code"
        errors={state.fieldErrors?.code}
        hint="The 6-digit code from your authenticator app, or one of your recovery codes (xxxx-xxxx-xxxx-xxxx)."
        required
      >
        {(p) => <input {...p} type="text" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} maxLength={40} autoFocus />}
      </Field>
      <SubmitButton pendingText="Checking…">Verify</SubmitButton>
    </form>
  )
}
