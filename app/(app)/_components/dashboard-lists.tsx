'use client'

import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { EmptyState } from '@/components/ui/empty-state'
import { STATUS_TONE } from '@/components/exposure'
import { formatDate, humanize } from '@/lib/format'
import type { DashboardCertification, DashboardDog } from '@/lib/server/dashboard/queries'

/*
 * The dashboards' lists of dogs and certifications. PERFORMANCE: client
 * components fed with the rows as data, so each row's markup is rendered once
 * rather than also sent as the RSC payload (decision 020, as the incident
 * rows and the alert list).
 */

const LINK = 'font-medium link'

export function DogTable({ dogs }: { dogs: DashboardDog[] }) {
  if (dogs.length === 0) return <EmptyState title="No dogs." />
  return (
    <ul className="divide-y divide-slate-100">
      {dogs.map((d) => (
        <li key={d.id} className="row-between">
          <span>
            <Link href={`/dogs/${d.id}`} className={LINK}>
              {d.name}
            </Link>{' '}
            <span className="text-sm text-slate-600">
              {d.k9Number}
              {d.handler ? ` · ${d.handler}` : ''}
            </span>
          </span>
          <span className="flex flex-wrap gap-1">
            <Badge tone={STATUS_TONE[d.status] ?? 'neutral'}>{humanize(d.status)}</Badge>
            {d.fitnessUnconfirmed ? <Badge tone="red">Fitness unconfirmed</Badge> : d.fitForDuty ? <Badge tone="green">Fit for duty</Badge> : <Badge tone="amber">Not fit for duty</Badge>}
          </span>
        </li>
      ))}
    </ul>
  )
}

export function CertificationList({ certifications }: { certifications: DashboardCertification[] }) {
  if (certifications.length === 0) return <EmptyState title="None expiring." />
  return (
    <ul className="divide-y divide-slate-100">
      {certifications.map((c) => (
        <li key={c.id} className="row-between">
          <span>
            <Link href={`/dogs/${c.dog.id}`} className={LINK}>
              {c.dog.name}
            </Link>{' '}
            <span className="text-sm text-slate-700">
              {c.kind} ({c.issuer})
            </span>
          </span>
          <Badge tone={c.expired ? 'red' : 'amber'}>
            {c.expired ? 'Expired' : 'Expires'} {formatDate(c.expiresAt)}
          </Badge>
        </li>
      ))}
    </ul>
  )
}
