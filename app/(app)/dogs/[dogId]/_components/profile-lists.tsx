'use client'

import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { exposureTone } from '@/components/exposure'
import { formatDateTime, humanize } from '@/lib/format'
import type { DogProfile } from '@/lib/server/dogs/queries'

/*
 * A dog's latest deployments and medical records on its profile.
 * PERFORMANCE: client components fed with the rows as data, so each row's
 * markup is rendered once rather than also sent as the RSC payload
 * (docs/decisions/020-performance-at-scale.md).
 */

export function DeploymentList({ deployments }: { deployments: DogProfile['deployments'] }) {
  return (
    <ol className="mt-4 divide-y divide-slate-100" aria-label="Recent deployments">
      {deployments.map((d) => (
        <li key={d.id} className="py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium">
              <Link href={`/incidents/${d.incident.id}`} className="link underline-offset-2 hover:decoration-2">{d.incident.number}</Link>{' '}
              {humanize(d.incident.type)} · {d.incident.locationText}
            </p>
            <time className="text-sm text-slate-500" dateTime={d.deployedAt.toISOString()}>{formatDateTime(d.deployedAt)}</time>
          </div>
          <p className="text-sm text-slate-600">
            {humanize(d.task)} → {humanize(d.outcome)} · with {d.handler.firstName} {d.handler.lastName}
          </p>
          {d.exposures.length ? (
            <div className="mt-1 flex flex-wrap items-center gap-1">
              {d.exposures.map((e) => <Badge key={e} tone={exposureTone(e)}>{humanize(e)}</Badge>)}
              {d.exposureNotes ? <span className="text-sm text-slate-700">{d.exposureNotes}</span> : null}
            </div>
          ) : null}
          {d.injuryObserved ? <p className="mt-1 text-sm text-red-800">Injury observed: {d.injuryDescription}</p> : null}
        </li>
      ))}
    </ol>
  )
}

export function MedicalList({ records }: { records: NonNullable<DogProfile['medical']> }) {
  return (
    <ol className="divide-y divide-slate-100" aria-label="Medical records">
      {records.map((m) => (
        <li key={m.id} className="py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium">
              <Link href={`/medical/${m.id}`} className="link underline-offset-2 hover:decoration-2">{humanize(m.kind)}</Link>
              {m.decisionOutcome ? <Badge tone={m.decisionOutcome === 'HALTED' ? 'amber' : 'neutral'} className="ml-2">Decision: {humanize(m.decisionOutcome)}</Badge> : null}
            </p>
            <time className="text-sm text-slate-500" dateTime={m.occurredAt.toISOString()}>{formatDateTime(m.occurredAt)}</time>
          </div>
          <p className="text-sm text-slate-600">{m.veterinarian.name} · {m.clinic}</p>
          {m.diagnosis ? <p className="text-sm">{m.diagnosis}</p> : null}
          {m.outcome ? <p className="text-sm text-slate-700">{m.outcome}</p> : null}
          <p className="text-xs text-slate-500">
            {m._count.vitals} vital-sign readings · {m._count.attachments} attachments
          </p>
        </li>
      ))}
    </ol>
  )
}
