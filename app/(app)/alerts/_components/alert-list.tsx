'use client'

import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { formatDateTime, humanize } from '@/lib/format'
import type { AlertRow } from '@/lib/server/alerts/queries'
import { AcknowledgeForm } from './acknowledge-form'

function daysBetween(a: Date, b: Date): number {
  return Math.max(0, Math.floor((b.getTime() - a.getTime()) / 86_400_000))
}

/**
 * Welfare alerts, overdue ones first and marked in red (shared by /alerts and
 * the dashboards). A client component fed with data: the RSC payload carries
 * the rows, not their markup a second time (decision 020). `now` comes from
 * the server, so the browser's clock cannot change "overdue by N d" on hydration.
 */
export function AlertList({ alerts, withForms = true, now }: { alerts: AlertRow[]; withForms?: boolean; now: Date }) {
  const sorted = [...alerts].sort((x, y) => Number(y.isOverdue) - Number(x.isOverdue) || x.dueAt.getTime() - y.dueAt.getTime())
  return (
    <ul className="space-y-3">
      {sorted.map((a) => (
        <li key={a.id} className={a.isOverdue ? 'rounded-lg border-2 border-red-600 bg-red-50 p-3' : 'tile'}>
          <div className="flex flex-wrap items-center gap-1">
            {a.isOverdue ? <Badge tone="red">Overdue {daysBetween(a.dueAt, a.resolvedAt ?? now) > 0 ? `by ${daysBetween(a.dueAt, a.resolvedAt ?? now)} d` : ''}</Badge> : null}
            <Badge tone={a.status === 'OPEN' ? 'amber' : a.status === 'ACKNOWLEDGED' ? 'blue' : 'neutral'}>{humanize(a.status)}</Badge>
            <Badge tone="violet">{a.kind === 'VET_CHECK_DUE' ? 'Vet check' : 'Certification'}</Badge>
          </div>
          <p className="mt-1 font-medium text-slate-900">{a.title}</p>
          <p className="text-sm text-slate-700">
            {a.dog ? (
              <Link href={`/dogs/${a.dog.id}`} className="underline">
                {a.dog.name} ({a.dog.k9Number})
              </Link>
            ) : null}
            {a.deployment ? (
              <>
                {' · '}
                <Link href={`/incidents/${a.deployment.incident.id}`} className="underline">
                  {a.deployment.incident.number}
                </Link>{' '}
                with {a.deployment.handler.firstName} {a.deployment.handler.lastName}
              </>
            ) : null}
          </p>
          <p className="text-xs text-slate-600">
            Raised {formatDateTime(a.raisedAt)} · due {formatDateTime(a.dueAt)}
            {a.resolvedAt ? ` · resolved ${formatDateTime(a.resolvedAt)}` : ''}
          </p>
          {a.resolvedAt && a.resolvedAt > a.dueAt ? (
            <p className="text-xs font-medium text-red-800">Resolved {daysBetween(a.dueAt, a.resolvedAt)} days after it was due.</p>
          ) : null}
          {a.resolvedByRecord ? (
            <p className="text-xs text-slate-700">
              Resolved by the{' '}
              <Link href={`/medical/${a.resolvedByRecord.id}`} className="underline">
                {humanize(a.resolvedByRecord.kind).toLowerCase()} record of {formatDateTime(a.resolvedByRecord.occurredAt)}
              </Link>
            </p>
          ) : null}
          {a.acknowledgedAt ? (
            <p className="mt-1 text-sm text-slate-800">
              Acknowledged by {a.acknowledgedBy?.name ?? 'someone'} on {formatDateTime(a.acknowledgedAt)}: “{a.note}”
            </p>
          ) : a.note ? (
            <p className="mt-1 text-sm text-slate-800">{a.note}</p>
          ) : null}
          {withForms && a.canAcknowledge ? <AcknowledgeForm alertId={a.id} version={a.version} label={a.title} /> : null}
        </li>
      ))}
    </ul>
  )
}
