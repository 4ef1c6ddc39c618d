import { redirect } from 'next/navigation'
import { requireActor } from '@/lib/server/auth'
import { can } from '@/lib/server/policy'

/** Until the role dashboards land (issue 8), the home page sends each role to its main list. */
export default async function HomePage() {
  const actor = await requireActor()
  if (can(actor, 'dogs:read')) redirect('/dogs')
  if (can(actor, 'users:manage')) redirect('/admin/users')
  redirect('/account')
}
