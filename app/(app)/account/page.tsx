import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime, ROLE_LABELS } from '@/lib/format'
import { requireActor } from '@/lib/server/auth'
import { startEnrollment } from '@/lib/server/mfa'
import { getMyAccount } from '@/lib/server/users/queries'
import { ChangePasswordForm } from '../../(auth)/_components/change-password-form'
import { MfaSetup } from '../../(auth)/_components/mfa-setup'
import { EndOtherSessions, RegenerateRecoveryCodes } from './_components/account-forms'

export const metadata: Metadata = { title: 'My account' }

/** Every signed-in user's own account: password, two-factor authentication, sessions. */
export default async function AccountPage() {
  const actor = await requireActor()
  const account = await getMyAccount(actor)
  const enrollment = account.mfaEnrolled ? null : await startEnrollment(actor.id)
  return (
    <>
      <PageHeader title="My account" subtitle={`${account.name} · ${ROLE_LABELS[account.role]} · ${account.email}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Password" id="password">
          <p className="mb-4 text-sm text-slate-600">Last changed: {formatDateTime(account.passwordChangedAt)}</p>
          <ChangePasswordForm email={account.email} />
        </Card>
        <Card title="Two-factor authentication" id="mfa">
          {account.mfaEnrolled ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">
                <span className="font-semibold text-emerald-800">On.</span> You type a code from your authenticator app when you sign in.{' '}
                {account.recoveryCodesLeft} unused recovery {account.recoveryCodesLeft === 1 ? 'code' : 'codes'} left.
              </p>
              <p className="text-sm text-slate-600">Changed phone? Ask an administrator to reset two-factor authentication, then set it up again.</p>
              <RegenerateRecoveryCodes />
            </div>
          ) : enrollment ? (
            <MfaSetup qrSvgDataUrl={enrollment.qrSvgDataUrl} secret={enrollment.secret} continueHref="/account" />
          ) : null}
        </Card>
        <Card title="Sessions" id="sessions" className="lg:col-span-2">
          <ul className="divide-y divide-slate-100">
            {account.sessions.map((s) => (
              <li key={s.id} className="py-2 text-sm">
                <p className="font-medium text-slate-900">
                  {s.userAgent ?? 'Unknown browser'} {s.current ? <span className="ml-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900">this session</span> : null}
                </p>
                <p className="text-slate-600">
                  Signed in {formatDateTime(s.createdAt)} · last active {formatDateTime(s.lastSeenAt)} · {s.ip ?? 'address unknown'}
                </p>
              </li>
            ))}
          </ul>
          <div className="mt-4">
            <EndOtherSessions />
          </div>
        </Card>
      </div>
    </>
  )
}
