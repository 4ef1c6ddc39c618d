import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { z } from 'zod'
import { InvestigationTimeline } from '@/components/investigation-timeline'
import { TIMELINE_WINDOW } from '@/lib/timeline-window'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { InvestigationStatus, LinkRelation } from '@/lib/generated/prisma/enums'
import { formatDate, formatDateTime, humanize, ROLE_LABELS } from '@/lib/format'
import { InvestigationIdSchema, RELATION_LABELS } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { can } from '@/lib/server/policy'
import { getInvestigation, getTimeline, TIMELINE_EXPOSURES_MAX, TIMELINE_MEDICAL_MAX } from '@/lib/server/investigations/queries'
import { AddTeamMemberForm, CaseNoteForm, LinkByReferenceForm, RemoveTeamMemberButton, StatusForm } from '../_components/forms'
import { NoteBody } from '../_components/mentions'
import { resolveMentions } from '@/lib/server/investigations/mentions'
import { INVESTIGATION_STATUS_TONE } from '../_components/status'
import { TimelineFilter } from '../_components/timeline-filter'
import { LinkedRecords } from '../_components/linked-records'
import { linkGroups } from '@/lib/investigation-links'

export const metadata: Metadata = { title: 'Investigation' }

/** ?tl=<index of the first event shown>: which slice of a long timeline (malformed → the default slice). */
const TimelineStart = z.coerce.number().int().min(0).max(1_000_000).nullable().catch(null)

/** ?links=<type>: show every linked record of that type (otherwise the first LINKS_SHOWN of each). */
const LinksShown = z.enum(['INCIDENT', 'DEPLOYMENT', 'DOG', 'HANDLER', 'MEDICAL_RECORD', 'ATTACHMENT', 'EVIDENCE_ITEM', 'LAB_RESULT']).nullable().catch(null)
const LINKS_SHOWN = 10

export default async function InvestigationPage({ params, searchParams }: { params: Promise<{ investigationId: string }>; searchParams: Promise<{ tl?: string | string[]; links?: string | string[]; remove?: string | string[] }> }) {
  const actor = await requirePermission('investigations:read')
  const id = InvestigationIdSchema.safeParse((await params).investigationId)
  if (!id.success) notFound()
  const query = await searchParams
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : (v ?? null))
  const expandedType = LinksShown.parse(first(query.links))
  // ?remove=<link id>: that link's removal form is open (the link "Remove link…" under it leads here).
  const removing = first(query.remove)
  const [inv, timeline] = await Promise.all([
    getInvestigation(actor, id.data, { links: { perType: LINKS_SHOWN, expand: expandedType } }),
    getTimeline(actor, id.data, { window: { start: TimelineStart.parse(first(query.tl)) } }),
  ])
  if (!inv || !timeline) notFound()
  const shown = { ...timeline.window, events: timeline.events }
  const windowHref = (start: number) => `/investigations/${inv.id}?tl=${start}#timeline-card`

  const groups = linkGroups(inv.activeLinks, inv.linkCounts, expandedType, LINKS_SHOWN)
  const mentions = Object.fromEntries(await resolveMentions(actor, inv.notes.map((n) => n.body)))
  const references = inv.references
  const canReadMedical = can(actor, 'medical:read')
  const isLead = inv.lead.id === actor.id && inv.canManage
  const counts: Record<string, number> = {}
  for (const e of shown.events) counts[e.kind] = (counts[e.kind] ?? 0) + 1

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/investigations" className="underline">Investigations</Link>}
        title={<span>{inv.title} <span className="text-lg font-medium text-slate-500">{inv.number}</span></span>}
        subtitle={`Opened ${formatDate(inv.openedAt)} · Lead ${inv.lead.name}${inv.closedAt ? ` · Closed ${formatDate(inv.closedAt)}` : ''}`}
        actions={
          <>
            <Badge tone={INVESTIGATION_STATUS_TONE[inv.status]} className="self-center text-sm">{humanize(inv.status)}</Badge>
            <ButtonLink href={`/investigations/${inv.id}/graph`}>Graph</ButtonLink>
            <ButtonLink href={`/investigations/${inv.id}/finder`} variant="primary">Candidate-incident finder</ButtonLink>
          </>
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card title="Summary" id="summary">
            <p className="whitespace-pre-line">{inv.summary}</p>
            {inv.disposition ? <p className="mt-2 text-sm text-slate-700"><span className="font-medium">Disposition:</span> {inv.disposition}</p> : null}
          </Card>

          <Card title="Timeline" id="timeline-card">
            {timeline.day0 ? (
              <p className="mb-3 text-sm text-slate-600">
                Day 0 is {formatDateTime(timeline.day0)}, when the evidence was recovered. Days are counted from it.
              </p>
            ) : null}
            {timeline.capped ? (
              <p className="mb-3 text-sm text-slate-700">
                The linked dogs’ medical records and exposures in this long span are shown from the latest back: up to {TIMELINE_MEDICAL_MAX} records and {TIMELINE_EXPOSURES_MAX} exposures. Each dog’s page has its whole history.
              </p>
            ) : null}
            {shown.total > shown.events.length ? (
              <nav aria-label="Timeline pages" className="mb-3 flex flex-wrap items-center justify-between gap-2 text-sm">
                <p className="text-slate-700">
                  Events {(shown.start + 1).toLocaleString('en-US')}–{shown.end.toLocaleString('en-US')} of {shown.total.toLocaleString('en-US')}, oldest first.
                </p>
                <div className="flex gap-2">
                  {shown.start > 0 ? <ButtonLink href={windowHref(Math.max(0, shown.start - TIMELINE_WINDOW))}>Earlier events</ButtonLink> : null}
                  {shown.end < shown.total ? <ButtonLink href={windowHref(shown.end)}>Later events</ButtonLink> : null}
                </div>
              </nav>
            ) : null}
            <TimelineFilter counts={counts}>
              <InvestigationTimeline events={shown.events} day0={timeline.day0} id="timeline" />
            </TimelineFilter>
          </Card>

          <Card title="Case notes" id="notes">
            {inv.notes.length === 0 ? (
              <p className="text-sm text-slate-600">No notes yet.</p>
            ) : (
              <ol className="space-y-4" aria-label="Case notes">
                {inv.notes.map((n) => (
                  <li key={n.id} className="border-l-4 border-slate-200 pl-3">
                    <p className="text-xs text-slate-500">
                      {n.author.name} · <time dateTime={n.createdAt.toISOString()}>{formatDateTime(n.createdAt)}</time>
                    </p>
                    <NoteBody body={n.body} references={references} mentions={mentions} />
                  </li>
                ))}
              </ol>
            )}
            {inv.canManage && inv.status !== 'CLOSED' ? (
              <div className="mt-5 border-t border-slate-100 pt-4">
                <CaseNoteForm investigationId={inv.id} />
              </div>
            ) : null}
          </Card>
        </div>

        <div className="min-w-0 space-y-4">
          <Card title="Case file" id="case-file">
            <p className="text-sm text-slate-600">A PDF for the prosecutor: summary, linked records, timeline, chains of custody with their verification, and every file’s hash. Each download is recorded.</p>
            <div className="mt-3 flex flex-wrap gap-2">
              {canReadMedical ? <a href={`/investigations/${inv.id}/case-file`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900" download>Download case file (PDF)</a> : null}
              <a href={`/investigations/${inv.id}/case-file?medical=omit`} className="inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
                {canReadMedical ? 'Without medical detail' : 'Download case file (PDF)'}
              </a>
            </div>
          </Card>

          <Card title="Team" id="team">
            <ul className="space-y-1 text-sm">
              <li><span className="font-medium">{inv.lead.name}</span> <span className="text-slate-500">· lead</span></li>
              {inv.members.filter((m) => !m.isLead).map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-x-1">
                  {m.name} <span className="text-slate-500">· {ROLE_LABELS[m.role]}</span>
                  {isLead ? <RemoveTeamMemberButton investigationId={inv.id} userId={m.id} name={m.name} /> : null}
                </li>
              ))}
            </ul>
            {isLead ? <AddTeamMemberForm investigationId={inv.id} /> : null}
          </Card>

          {inv.canManage ? (
            <Card title="Progress" id="status">
              <StatusForm investigationId={inv.id} status={inv.status} disposition={inv.disposition} version={inv.version} statuses={Object.values(InvestigationStatus).map((s) => ({ value: s, label: humanize(s) }))} />
            </Card>
          ) : null}

          <Card title="Linked records" id="links">
            {groups.length === 0 ? (
              <EmptyState title="Nothing linked yet.">Use “Add to investigation” on an incident, medical record or evidence item, or the finder.</EmptyState>
            ) : (
              <LinkedRecords investigationId={inv.id} groups={groups} expandedType={expandedType} canManage={inv.canManage && inv.status !== 'CLOSED'} removing={removing ?? null} />
            )}
          </Card>

          {inv.canManage && inv.status !== 'CLOSED' ? (
            <Card title="Link a record" id="link-record">
              <LinkByReferenceForm investigationId={inv.id} relations={Object.values(LinkRelation).map((r) => ({ value: r, label: RELATION_LABELS[r] }))} />
              <p className="mt-3 text-xs text-slate-600">Deployments, medical records, images and lab results: use “Add to investigation” on their page, or the candidate-incident finder.</p>
            </Card>
          ) : null}

          {inv.removedLinks.length ? (
            <Card title="Removed links" id="removed-links">
              <ul className="space-y-3 text-sm">
                {inv.removedLinks.map((l) => (
                  <li key={l.id}>
                    <p className="text-slate-700 line-through">{l.target.title}</p>
                    <p className="text-xs text-slate-600">
                      Was “{RELATION_LABELS[l.relation]}”. Removed by {l.removedBy ?? 'unknown'} on {formatDateTime(l.removedAt)}: {l.removedReason}
                    </p>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}
