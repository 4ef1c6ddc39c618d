import { Link } from '@/components/ui/link'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { ListAlertsSchema } from '@/lib/schemas/alerts'
import { listAlerts, RESOLVED_LISTED } from '@/lib/server/alerts/queries'
import { sweepIfStale } from '@/lib/server/alerts/sweep'
import { requirePermission } from '@/lib/server/auth'
import { AlertList } from './_components/alert-list'

export const metadata = { title: 'Welfare alerts' }

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('alerts:read')
  const input = ListAlertsSchema.parse(await searchParams)
  await sweepIfStale()
  const { unresolved, total, overdue, page, pageCount, recent } = await listAlerts(actor, input)
  const now = new Date()
  return (
    <>
      <PageHeader
        title="Welfare alerts"
        subtitle={`${total.toLocaleString('en-US')} unresolved${overdue ? `, ${overdue.toLocaleString('en-US')} overdue` : ''}. A vet check is resolved by an exam of the dog after the exposure; acknowledging one records what is being done.`}
        actions={
          input.show === 'all' ? (
            <Link href="/alerts" className="text-sm font-medium link">Unresolved only</Link>
          ) : (
            <Link href="/alerts?show=all" className="text-sm font-medium link">Show resolved too</Link>
          )
        }
      />
      <div className="space-y-6">
        <Card title="Unresolved" id="unresolved">
          {unresolved.length === 0 ? (
            <EmptyState title="No unresolved alerts." />
          ) : (
            <>
              <AlertList alerts={unresolved} now={now} />
              <Pagination page={page} pageCount={pageCount} total={total} basePath="/alerts" params={{ show: input.show === 'all' ? 'all' : undefined }} noun={['unresolved alert', 'unresolved alerts']} />
            </>
          )}
        </Card>
        {input.show === 'all' ? (
          <Card title={`Resolved (the latest ${RESOLVED_LISTED})`} id="resolved">
            {recent.length === 0 ? <EmptyState title="No resolved alerts." /> : <AlertList alerts={recent} withForms={false} now={now} />}
          </Card>
        ) : null}
      </div>
    </>
  )
}
