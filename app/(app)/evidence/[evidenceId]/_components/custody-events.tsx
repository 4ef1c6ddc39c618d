'use client'

import { Badge } from '@/components/ui/badge'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDateTime, humanize } from '@/lib/format'

/**
 * An item's chain of custody, event by event. PERFORMANCE: a client component
 * fed with the events as data — as a server component each event's markup
 * would also travel as the RSC payload (docs/decisions/020-performance-at-scale.md).
 */

export type CustodyEvent = {
  /** Unique within the item's chain: the list's key (the event's id is not sent). */
  sequence: number
  action: string
  occurredAt: Date
  actorName: string
  fromName: string | null
  toName: string | null
  locationCode: string | null
  place: string | null
  labName: string | null
  purpose: string | null
  sealIntact: boolean | null
  notes: string | null
  hash: string
}

const ACTION_LABEL: Record<string, string> = {
  COLLECTED: 'Collected',
  TRANSFERRED: 'Handed over',
  RECEIVED: 'Receipt confirmed',
  STORED: 'Stored',
  CHECKED_OUT: 'Checked out',
  CHECKED_IN: 'Checked in',
  SUBMITTED_TO_LAB: 'Submitted to lab',
  RETURNED_FROM_LAB: 'Returned from lab',
  RELEASED: 'Released',
  DISPOSED: 'Disposed',
  TRANSFER_CANCELLED: 'Hand-over cancelled',
  TRANSFER_DECLINED: 'Hand-over declined',
}

export function CustodyEvents({ events, brokenAtSequence: broken }: { events: CustodyEvent[]; brokenAtSequence: number | null }) {
  if (events.length === 0) return <EmptyState title="No custody events recorded." />
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5" aria-label="Custody events">
      {events.map((e) => {
        const bad = broken !== null && e.sequence === broken
        const where = [e.locationCode && `location ${e.locationCode}`, e.place && e.locationCode !== e.place ? e.place : null, e.labName].filter(Boolean).join(' · ')
        return (
          <li key={e.sequence} className="relative">
            <span aria-hidden className={bad ? 'event-dot event-dot-bad' : 'event-dot'} />
            <p className="event-head">
              <span className="font-semibold">{`#${e.sequence} ${ACTION_LABEL[e.action] ?? humanize(e.action)}`}</span>
              <time className="text-sm text-slate-500" dateTime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt)}</time>
              {bad ? <Badge tone="red">Does not verify</Badge> : null}
            </p>
            <WhoLine event={e} />
            {where ? <p className="event-line">{`Where: ${where}`}</p> : null}
            {e.purpose ? <p className="event-line">{`Why: ${e.purpose}`}</p> : null}
            <p className="event-line">
              {'Seal intact: '}
              {e.sealIntact === null ? 'not stated' : e.sealIntact ? 'yes' : <strong className="text-red-800">no</strong>}
            </p>
            {e.notes ? <p className="text-sm text-slate-600">{e.notes}</p> : null}
            <p className="event-meta">
              {`Recorded by ${e.actorName} · hash `}
              <code className="font-mono" title={e.hash}>{e.hash.slice(0, 12)}</code>
            </p>
          </li>
        )
      })}
    </ol>
  )
}

/** Who handed the item to whom, in words: "A → B", the lab as one side of a lab move, or just who took it. */
function WhoLine({ event: e }: { event: CustodyEvent }) {
  const lab = e.labName ?? 'the lab'
  const text =
    e.action === 'COLLECTED'
      ? `Collected by ${e.toName ?? e.actorName}`
      : e.action === 'SUBMITTED_TO_LAB'
        ? `${e.fromName ?? e.actorName} → ${lab}`
        : e.action === 'RETURNED_FROM_LAB'
          ? `${lab} → ${e.toName ?? e.actorName}`
          : e.action === 'TRANSFER_CANCELLED' || e.action === 'TRANSFER_DECLINED'
            ? `Stays with ${e.toName ?? 'the giver'}${e.fromName ? ` (not handed to ${e.fromName})` : ''}`
          : e.fromName && e.toName
            ? e.fromName === e.toName
              ? `Held by ${e.toName}`
              : `${e.fromName} → ${e.toName}`
            : e.toName
              ? `To ${e.toName}`
              : e.fromName
                ? `From ${e.fromName}`
                : null
  return text ? <p className="text-sm">{text}</p> : null
}
