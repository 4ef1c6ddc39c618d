import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton } from '@/components/add-to-investigation'
import { STATUS_TONE } from '@/components/exposure'
import { formatDate, formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getHandler } from '@/lib/server/handlers/queries'
import { can } from '@/lib/server/policy'
import { ButtonLink } from '@/components/ui/button'

export const metadata: Metadata = { title: 'Handler' }

export default async function HandlerPage({ params }: { params: Promise<{ handlerId: string }> }) {
  const actor = await requirePermission('handlers:read')
  const id = IdSchema.safeParse((await params).handlerId)
  if (!id.success) notFound()
  const h = await getHandler(actor, id.data)
  if (!h) notFound()
  // Dogs this handler had that now have nobody (e.g. after the handler was marked inactive): the supervisor is asked to pair them.
  const waiting = can(actor, 'dogs:manage')
    ? [...new Map(h.assignments.filter((a) => a.endedAt && a.dog._count.assignments === 0 && !a.dog.archivedAt && a.dog.status !== 'RETIRED' && a.dog.status !== 'DECEASED').map((a) => [a.dog.id, a.dog])).values()]
    : []
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/handlers" className="underline">Handlers</Link>}
        title={`${h.rank} ${h.firstName} ${h.lastName}`}
        subtitle={`Badge ${h.badgeNumber} · ${h.unit}${h.user ? ` · ${h.user.email}` : ''}`}
        actions={
          <>
            {!h.active ? <Badge tone="neutral" className="self-center">Inactive</Badge> : null}
            {can(actor, 'handlers:manage') ? <ButtonLink href={`/handlers/${h.id}/edit`}>Edit handler</ButtonLink> : null}
            {can(actor, 'investigations:manage') ? <AddToInvestigationButton type="HANDLER" id={h.id} /> : null}
          </>
        }
      />
      {waiting.length > 0 ? (
        <div role="status" className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">{waiting.length === 1 ? 'A dog has' : `${waiting.length} dogs have`} no current handler</p>
          <ul className="mt-2 space-y-2 text-sm">
            {waiting.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span>K-9 {d.name} ({d.k9Number})</span>
                <Link href={`/dogs/${d.id}#manage-pairing`} className="inline-flex min-h-11 items-center font-semibold link underline-offset-2">
                  Pair {d.name} with a handler
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Dogs, past and present" id="dogs">
          <ul className="space-y-2">
            {h.assignments.map((a) => (
              <li key={a.id} className="text-sm">
                <Link href={`/dogs/${a.dog.id}`} className="font-medium link underline-offset-2 hover:decoration-2">{a.dog.name}</Link> ({a.dog.k9Number}){' '}
                <Badge tone={STATUS_TONE[a.dog.status]}>{humanize(a.dog.status)}</Badge>
                <span className="block text-slate-600">{formatDate(a.startedAt)} – {a.endedAt ? formatDate(a.endedAt) : 'present'}{a.endReason ? ` · ${a.endReason}` : ''}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={`Incidents (${h._count.incidents})`} id="incidents">
          <ul className="divide-y divide-slate-100">
            {h.incidents.map(({ incident: i }) => (
              <li key={i.id} className="py-2 text-sm">
                <Link href={`/incidents/${i.id}`} className="font-medium link underline-offset-2 hover:decoration-2">{i.number}</Link> · {humanize(i.type)}
                <span className="block text-slate-600">{formatDateTime(i.occurredAt)} · {i.locationText}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  )
}
