'use client'

import { Link } from '@/components/ui/link'
import { useActionState } from 'react'
import { Field } from '@/components/ui/field'
import { confirmMfaSetupAction, type MfaSetupState } from '../actions'
import { FormMessage, SubmitButton } from './form-parts'

const IDLE: MfaSetupState = { status: 'idle' }

/** QR code + manual key, then the first code; on success the recovery codes, shown once. */
export function MfaSetup({ qrSvgDataUrl, secret, continueHref }: { qrSvgDataUrl: string; secret: string; continueHref: string }) {
  const [state, action] = useActionState(confirmMfaSetupAction, IDLE)
  if (state.status === 'success' && state.recoveryCodes) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <h2 className="text-lg font-semibold text-slate-900">Your recovery codes</h2>
        <p className="text-sm text-slate-700">
          Each code signs you in once if you lose your phone. Store them somewhere safe, away from your phone. They will not be shown again.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-lg bg-slate-100 p-4 font-mono text-sm tracking-wide text-slate-900">
          {state.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Link href={continueHref} className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">
          I have saved my recovery codes: continue
        </Link>
      </div>
    )
  }
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>Open an authenticator app on your phone (for example Microsoft Authenticator, Google Authenticator or FreeOTP).</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Type the 6-digit code the app shows.</li>
      </ol>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server; nothing for next/image to optimise */}
      <img src={qrSvgDataUrl} alt="QR code to add K9 Casebook to your authenticator app" width={200} height={200} className="mx-auto size-50 rounded-lg border border-slate-200" />
      <div>
        <p className="text-sm font-medium text-slate-800" id="mfa-key-label">
          Key for manual entry
        </p>
        <p aria-labelledby="mfa-key-label" className="mt-1 break-all rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm tracking-wider text-slate-900" data-testid="mfa-secret">
          {secret.match(/.{1,4}/g)?.join(' ')}
        </p>
      </div>
      <form action={action} className="space-y-5" noValidate>
        <FormMessage state={state} />
        <Field label="Code from your app" name="code" errors={state.fieldErrors?.code} required>
          {(p) => <input {...p} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={7} pattern="[0-9 ]*" />}
        </Field>
        <SubmitButton pendingText="Checking…">Turn on two-factor authentication</SubmitButton>
      </form>
    </div>
  )
}
