import type { Metadata } from 'next'
import { requirePendingStep } from '@/lib/server/auth'
import { ChangePasswordForm } from '../../_components/change-password-form'
import { CancelSignIn } from '../../_components/sign-out-link'

export const metadata: Metadata = { title: 'Choose a new password' }

export default async function ForcedChangePasswordPage() {
  const session = await requirePendingStep('change-password')
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Choose your own password</h1>
      <p className="mt-1 text-sm text-slate-600">
        <span className="font-medium text-slate-900">{session.user.email}</span> was given a temporary password. Choose a new one
        that only you know before you continue.
      </p>
      <div className="mt-6">
        <ChangePasswordForm email={session.user.email} currentLabel="Temporary password" />
      </div>
      <CancelSignIn />
    </>
  )
}
