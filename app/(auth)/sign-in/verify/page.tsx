import type { Metadata } from 'next'
import { requirePendingStep } from '@/lib/server/auth'
import { MfaCodeForm } from '../../_components/mfa-code-form'
import { CancelSignIn } from '../../_components/sign-out-link'

export const metadata: Metadata = { title: 'Two-factor authentication' }

export default async function VerifyPage() {
  const session = await requirePendingStep('mfa')
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Two-factor authentication</h1>
      <p className="mt-1 text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{session.user.email}</span>. Open your authenticator app and type the code it
        shows for K9 Casebook.
      </p>
      <div className="mt-6">
        <MfaCodeForm />
      </div>
      <p className="mt-4 text-sm text-slate-600">Lost your phone and your recovery codes? An administrator can reset two-factor authentication for you.</p>
      <CancelSignIn />
    </>
  )
}
