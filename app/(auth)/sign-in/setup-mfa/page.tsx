import type { Metadata } from 'next'
import { requirePendingStep } from '@/lib/server/auth'
import { startEnrollment } from '@/lib/server/mfa'
import { CancelSignIn } from '../../_components/sign-out-link'
import { MfaSetup } from '../../_components/mfa-setup'

export const metadata: Metadata = { title: 'Set up two-factor authentication' }

export default async function ForcedMfaSetupPage() {
  const session = await requirePendingStep('mfa-setup')
  const enrollment = await startEnrollment(session.user.id)
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Set up two-factor authentication</h1>
      <p className="mt-1 text-sm text-slate-600">
        This system requires a second factor for every account. Set it up once for{' '}
        <span className="font-medium text-slate-900">{session.user.email}</span>; after that you type a code from your phone when you sign in.
      </p>
      <div className="mt-6">
        <MfaSetup qrSvgDataUrl={enrollment.qrSvgDataUrl} secret={enrollment.secret} continueHref="/" />
      </div>
      <CancelSignIn />
    </>
  )
}
