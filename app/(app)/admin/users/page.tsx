import type { Metadata } from 'next'
import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { INPUT_CLASS } from '@/components/ui/field'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { formatDateTime, ROLE_LABELS } from '@/lib/format'
import { requirePermission } from '@/lib/server/auth'
import { listUsers } from '@/lib/server/users/queries'
import { ListUsersSchema } from '@/lib/schemas/users'

export const metadata: Metadata = { title: 'Users' }

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('users:manage')
  const input = ListUsersSchema.parse(await searchParams)
  const { rows, total, page, pageCount } = await listUsers(actor, input)
  return (
    <>
      <PageHeader title="Users" subtitle="Accounts, roles, lockouts and two-factor authentication." actions={<ButtonLink href="/admin/users/new" variant="primary">New user</ButtonLink>} />
      <form method="get" role="search" aria-label="Filter users" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="users-q" className="block text-sm font-medium text-slate-800">Name or e-mail</label>
          <input id="users-q" name="q" type="search" defaultValue={input.q ?? ''} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="users-role" className="block text-sm font-medium text-slate-800">Role</label>
          <select id="users-role" name="role" defaultValue={input.role ?? ''} className={INPUT_CLASS}>
            <option value="">All roles</option>
            {Object.entries(ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="users-status" className="block text-sm font-medium text-slate-800">Status</label>
          <select id="users-status" name="status" defaultValue={input.status ?? ''} className={INPUT_CLASS}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="locked">Locked</option>
            <option value="inactive">Deactivated</option>
          </select>
        </div>
        <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
          Filter
        </button>
      </form>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Name</th>
              <th scope="col" className="px-4 py-3 font-semibold">Role</th>
              <th scope="col" className="px-4 py-3 font-semibold">Status</th>
              <th scope="col" className="px-4 py-3 font-semibold">Two-factor</th>
              <th scope="col" className="px-4 py-3 font-semibold">Last seen</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-600">No users match these filters.</td>
              </tr>
            ) : null}
            {rows.map((u) => (
              <tr key={u.id}>
                <td className="px-4 py-3">
                  <Link href={`/admin/users/${u.id}`} className="font-medium link">{u.name}</Link>
                  <div className="text-slate-600">{u.email}</div>
                </td>
                <td className="px-4 py-3">{ROLE_LABELS[u.role]}</td>
                <td className="px-4 py-3">
                  <span className="flex flex-wrap gap-1">
                    {!u.active ? <Badge tone="neutral">Deactivated</Badge> : u.locked ? <Badge tone="red">Locked</Badge> : <Badge tone="green">Active</Badge>}
                    {u.mustChangePassword ? <Badge tone="amber">Temporary password</Badge> : null}
                  </span>
                </td>
                <td className="px-4 py-3">{u.mfaEnrolled ? 'On' : 'Not set up'}</td>
                <td className="px-4 py-3">{formatDateTime(u.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} total={total} basePath="/admin/users" params={{ q: input.q, role: input.role, status: input.status }} />
    </>
  )
}
