import type { Metadata } from 'next'
import { Link } from '@/components/ui/link'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { ROLE_LABELS } from '@/lib/format'
import { requirePermission } from '@/lib/server/auth'
import { CreateUserForm } from '../_components/user-forms'

export const metadata: Metadata = { title: 'New user' }

export default async function NewUserPage() {
  await requirePermission('users:manage')
  const roles = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/admin/users" className="underline">Users</Link>}
        title="New user"
        subtitle="The account gets a temporary password, shown once, that must be changed at first sign-in."
      />
      <Card>
        <CreateUserForm roles={roles} />
      </Card>
    </>
  )
}
