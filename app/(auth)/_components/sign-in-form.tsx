'use client'

import { useActionState } from 'react'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/server/action'
import { signInAction } from '../actions'
import { FormMessage, SubmitButton } from './form-parts'

const IDLE: ActionState = { status: 'idle' }

export function SignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, IDLE)
  const ackError = state.fieldErrors?.acknowledge
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field label="E-mail" name="email" errors={state.fieldErrors?.email} required>
        {(p) => <input {...p} type="email" autoComplete="username" inputMode="email" defaultValue={state.values?.email ?? ''} autoFocus />}
      </Field>
      <Field label="Password" name="password" errors={state.fieldErrors?.password} required>
        {(p) => <input {...p} type="password" autoComplete="current-password" maxLength={1024} />}
      </Field>

      <fieldset className="rounded-lg border border-amber-300 bg-amber-50 p-4">
        <legend className="px-1 text-sm font-semibold text-amber-900">System-use notice</legend>
        <p id="system-use-notice" className="text-sm leading-relaxed text-amber-950">
          You are accessing a restricted criminal-justice information system. Use is limited to authorized personnel for
          official purposes. All activity is monitored, recorded and subject to audit. Unauthorized use or disclosure is
          prohibited and may lead to disciplinary action and to criminal and civil penalties. By signing in you consent to
          this monitoring.
        </p>
        <div className="mt-3 flex items-start gap-3">
          <input
            id="field-acknowledge"
            name="acknowledge"
            type="checkbox"
            required
            defaultChecked={state.values?.acknowledge === 'on'}
            aria-invalid={Boolean(ackError?.length)}
            aria-describedby={['system-use-notice', ackError?.length ? 'field-acknowledge-error' : null].filter(Boolean).join(' ')}
            className="mt-0.5 size-5 shrink-0 rounded border-slate-400 accent-brand-700"
          />
          <label htmlFor="field-acknowledge" className="text-sm font-medium text-slate-900">
            I have read the notice and agree to these conditions
          </label>
        </div>
        {ackError?.length ? (
          <p id="field-acknowledge-error" className="mt-2 text-sm font-medium text-red-700">
            {ackError.join(' ')}
          </p>
        ) : null}
      </fieldset>

      <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
    </form>
  )
}
