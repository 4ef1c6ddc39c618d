import type { Metadata } from 'next'
import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime, ROLE_LABELS } from '@/lib/format'
import { requirePermission } from '@/lib/server/auth'
import { getUserForAdmin } from '@/lib/server/users/queries'
import { UserIdParamSchema } from '@/lib/schemas/users'
import { ChangeRoleForm, UserActionButton } from '../_components/user-forms'
import {
  deactivateUserAction,
  endUserSessionsAction,
  reactivateUserAction,
  resetMfaAction,
  resetPasswordAction,
  unlockUserAction,
} from '../actions'

export const metadata: Metadata = { title: 'User' }

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const actor = await requirePermission('users:manage')
  const id = UserIdParamSchema.safeParse((await params).userId)
  if (!id.success) notFound()
  const user = await getUserForAdmin(actor, id.data)
  if (!user) notFound()
  const self = user.id === actor.id
  const roles = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))
  const common = { userId: user.id, version: user.version }
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/admin/users" className="underline">Users</Link>}
        title={user.name}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {user.email} · {ROLE_LABELS[user.role]}
            {!user.active ? <Badge>Deactivated</Badge> : user.locked ? <Badge tone="red">Locked</Badge> : <Badge tone="green">Active</Badge>}
            {user.mustChangePassword ? <Badge tone="amber">Temporary password</Badge> : null}
          </span>
        }
        actions={
          <Link href={`/admin/audit?entityType=User&entityId=${user.id}`} className="inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Audit trail for this account
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Account">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600">Created</dt>
            <dd>{formatDateTime(user.createdAt)}</dd>
            <dt className="text-slate-600">Last seen</dt>
            <dd>{formatDateTime(user.lastSeenAt)}</dd>
            <dt className="text-slate-600">Password changed</dt>
            <dd>{formatDateTime(user.passwordChangedAt)}</dd>
            <dt className="text-slate-600">Two-factor</dt>
            <dd>{user.mfaEnrolled ? 'On' : 'Not set up'}</dd>
            <dt className="text-slate-600">Failed attempts</dt>
            <dd>
              {user.failedLoginCount}
              {user.locked ? ` · locked ${formatDateTime(user.lockedAt)}${user.lockedUntil ? ` until ${formatDateTime(user.lockedUntil)}` : ' until unlocked'}` : ''}
            </dd>
            <dt className="text-slate-600">Handler profile</dt>
            <dd>{user.handler ? `${user.handler.name} (badge ${user.handler.badgeNumber})` : 'None'}</dd>
          </dl>
          <div className="mt-6">
            {self ? <p className="text-sm text-slate-600">You cannot change your own role.</p> : <ChangeRoleForm {...common} role={user.role} roles={roles} />}
          </div>
        </Card>
        <Card title="Access">
          <div className="space-y-3">
            {/* Every action stays on the page (disabled when it does not apply) so its result message stays visible after the change. */}
            <UserActionButton
              {...common}
              action={unlockUserAction}
              label="Unlock"
              pendingLabel="Unlocking…"
              disabled={!user.locked && user.failedLoginCount === 0}
              description={user.locked ? 'The account is locked after too many failed attempts. Unlock it once you know the attempts were the user’s own.' : 'Not locked. Unlocking also clears the count of recent failed attempts.'}
            />
            <UserActionButton
              {...common}
              action={resetPasswordAction}
              label="Reset password"
              pendingLabel="Resetting…"
              disabled={self}
              description={self ? 'Change your own password on your account page.' : 'Issue a new temporary password. Ends the user’s sessions and lifts a lockout.'}
            />
            <UserActionButton
              {...common}
              action={resetMfaAction}
              label="Reset two-factor authentication"
              pendingLabel="Resetting…"
              disabled={!user.mfaEnrolled}
              description={user.mfaEnrolled ? 'For a lost or replaced phone: the user sets it up again at their next sign-in. Ends their sessions.' : 'Two-factor authentication is not set up for this account.'}
            />
            <UserActionButton
              {...common}
              action={endUserSessionsAction}
              label="End all sessions"
              pendingLabel="Ending…"
              description={`${user.sessions.length} open ${user.sessions.length === 1 ? 'session' : 'sessions'}. The user is signed out at their next click.`}
            />
            {user.active ? (
              <UserActionButton
                {...common}
                action={deactivateUserAction}
                variant="danger"
                label="Deactivate account"
                pendingLabel="Deactivating…"
                disabled={self}
                description={self ? 'You cannot deactivate your own account.' : 'The user can no longer sign in; open sessions end at their next click. Their records stay.'}
              />
            ) : (
              <UserActionButton {...common} action={reactivateUserAction} label="Reactivate account" pendingLabel="Reactivating…" description="Allow this user to sign in again." />
            )}
          </div>
        </Card>
        <Card title="Open sessions" className="lg:col-span-2">
          {user.sessions.length === 0 ? (
            <p className="text-sm text-slate-600">No open sessions.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {user.sessions.map((s) => (
                <li key={s.id} className="py-2 text-sm">
                  <p className="font-medium text-slate-900">{s.userAgent ?? 'Unknown browser'}{s.mfaPending ? ' · waiting for two-factor code' : ''}</p>
                  <p className="text-slate-600">
                    Signed in {formatDateTime(s.createdAt)} · last active {formatDateTime(s.lastSeenAt)} · {s.ip ?? 'address unknown'}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  )
}
