import { Link } from '@/components/ui/link'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { ListAlertsSchema } from '@/lib/schemas/alerts'
import { listAlerts } from '@/lib/server/alerts/queries'
import { sweepIfStale } from '@/lib/server/alerts/sweep'
import { requirePermission } from '@/lib/server/auth'
import { AlertList } from './_components/alert-list'

export const metadata = { title: 'Welfare alerts' }

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('alerts:read')
  const input = ListAlertsSchema.parse(await searchParams)
  await sweepIfStale()
  const { unresolved, recent } = await listAlerts(actor, input)
  const overdue = unresolved.filter((a) => a.isOverdue).length
  return (
    <>
      <PageHeader
        title="Welfare alerts"
        subtitle={`${unresolved.length} unresolved${overdue ? `, ${overdue} overdue` : ''}. A vet check is resolved by an exam of the dog after the exposure; acknowledging one records what is being done.`}
        actions={
          input.show === 'all' ? (
            <Link href="/alerts" className="text-sm font-medium text-brand-700 underline">Unresolved only</Link>
          ) : (
            <Link href="/alerts?show=all" className="text-sm font-medium text-brand-700 underline">Show resolved too</Link>
          )
        }
      />
      <div className="space-y-6">
        <Card title="Unresolved" id="unresolved">
          {unresolved.length === 0 ? <EmptyState title="No unresolved alerts." /> : <AlertList alerts={unresolved} />}
        </Card>
        {input.show === 'all' ? (
          <Card title="Resolved" id="resolved">
            {recent.length === 0 ? <EmptyState title="No resolved alerts." /> : <AlertList alerts={recent} withForms={false} />}
          </Card>
        ) : null}
      </div>
    </>
  )
}
