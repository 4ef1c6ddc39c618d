'use client'

import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { Highlighted } from '@/components/ui/highlighted'
import { exposureTone } from '@/components/exposure'
import { formatDateTime, humanize } from '@/lib/format'
import type { IncidentListRow } from '@/lib/server/incidents/queries'

/**
 * A page of the incident list. PERFORMANCE: a client component fed with the
 * rows as data, so each row's markup is rendered once rather than also sent
 * as the RSC payload (docs/decisions/020-performance-at-scale.md).
 */
export function IncidentRows({ rows }: { rows: IncidentListRow[] }) {
  return (
    <ul className="space-y-2" aria-label="Incidents">
      {rows.map((i) => (
        <li key={i.id} className="card p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <Link href={`/incidents/${i.id}`} className="font-semibold link underline-offset-2 hover:decoration-2">
              {`${i.number} · ${humanize(i.type)}`}
            </Link>
            <time className="text-sm text-slate-500" dateTime={i.occurredAt.toISOString()}>{formatDateTime(i.occurredAt)}</time>
          </div>
          <p className="text-sm text-slate-700">{i.words ? <Highlighted segments={i.words.place} /> : i.locationText}</p>
          {i.words?.narrative ? (
            <p className="mt-1 text-sm text-slate-600">
              <Highlighted segments={i.words.narrative} />
            </p>
          ) : null}
          <div className="mt-1 flex flex-wrap items-center gap-1 text-sm">
            <Badge tone={i.status === 'OPEN' ? 'blue' : 'neutral'}>{humanize(i.status)}</Badge>
            {i.deployments.map((d) => (
              <span key={d.id} className="inline-flex flex-wrap items-center gap-1">
                <span className="text-slate-700">{`K-9 ${d.dog.name}`}</span>
                {d.exposures.map((e) => <Badge key={e} tone={exposureTone(e)}>{humanize(e)}</Badge>)}
              </span>
            ))}
          </div>
        </li>
      ))}
    </ul>
  )
}
