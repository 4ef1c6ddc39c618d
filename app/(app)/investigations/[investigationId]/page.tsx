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
import { InvestigationStatus, LinkRelation, type LinkTargetType } from '@/lib/generated/prisma/enums'
import { formatDate, formatDateTime, humanize, ROLE_LABELS } from '@/lib/format'
import { InvestigationIdSchema, RELATION_LABELS, TARGET_LABELS } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { can } from '@/lib/server/policy'
import { getInvestigation, getTimeline, TIMELINE_EXPOSURES_MAX, TIMELINE_MEDICAL_MAX, type InvestigationLinkView } from '@/lib/server/investigations/queries'
import { AddTeamMemberForm, CaseNoteForm, LinkByReferenceForm, RemoveLinkForm, RemoveTeamMemberButton, StatusForm } from '../_components/forms'
import { NoteBody } from '../_components/mentions'
import { resolveMentions } from '@/lib/server/investigations/mentions'
import { INVESTIGATION_STATUS_TONE } from '../_components/status'
import { TimelineFilter } from '../_components/timeline-filter'

export const metadata: Metadata = { title: 'Investigation' }

const TYPE_ORDER: LinkTargetType[] = ['DOG', 'INCIDENT', 'DEPLOYMENT', 'MEDICAL_RECORD', 'ATTACHMENT', 'EVIDENCE_ITEM', 'LAB_RESULT', 'HANDLER']

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

  const groups = TYPE_ORDER.map((type) => ({ type, count: inv.linkCounts[type] ?? 0, links: inv.activeLinks.filter((l) => l.targetType === type) })).filter((g) => g.links.length > 0)
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
              <div className="space-y-5">
                {groups.map((g) => {
                  const all = expandedType === g.type || g.count <= LINKS_SHOWN
                  return (
                    <section key={g.type} aria-labelledby={`links-${g.type}`} id={`links-of-${g.type}`}>
                      <h3 id={`links-${g.type}`} className="text-sm font-semibold text-slate-800">
                        {TARGET_LABELS[g.type]} <span className="font-normal text-slate-600">({g.count})</span>
                      </h3>
                      <ul className="mt-2 space-y-3">
                        {(all ? g.links : g.links.slice(0, LINKS_SHOWN)).map((l) => (
                          <LinkItem key={l.id} link={l} investigationId={inv.id} canManage={inv.canManage && inv.status !== 'CLOSED'} removing={removing === l.id} expandedType={expandedType} />
                        ))}
                      </ul>
                      {all ? null : (
                        <p className="mt-2 text-sm">
                          <Link href={`/investigations/${inv.id}?links=${g.type}#links-of-${g.type}`} className="font-medium link">
                            Show all {g.count} {TARGET_LABELS[g.type].toLowerCase()}
                          </Link>
                        </p>
                      )}
                    </section>
                  )
                })}
              </div>
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

function LinkItem({ link, investigationId, canManage, removing, expandedType }: { link: InvestigationLinkView; investigationId: string; canManage: boolean; removing: boolean; expandedType: string | null }) {
  const t = link.target
  // The page as it is, with or without this link's removal form open, back at this link.
  const here = (remove: boolean) => {
    const params = new URLSearchParams()
    if (expandedType) params.set('links', expandedType)
    if (remove) params.set('remove', link.id)
    const q = params.toString()
    return `/investigations/${investigationId}${q ? `?${q}` : ''}#link-${link.id}`
  }
  return (
    <li className="tile" id={canManage ? `link-${link.id}` : undefined}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={link.relation === 'LEAD' ? 'amber' : link.relation === 'SUBJECT' ? 'violet' : 'blue'}>{RELATION_LABELS[link.relation]}</Badge>
        {t.date ? <span className="text-xs text-slate-500">{formatDate(t.date)}</span> : null}
      </div>
      <p className="mt-1 text-sm font-medium">
        {t.href ? <Link href={t.href} className="link-quiet">{t.title}</Link> : t.title}
      </p>
      {t.subtitle ? <p className={t.restricted ? 'text-xs italic text-slate-500' : 'text-xs text-slate-600'}>{t.subtitle}</p> : null}
      {link.note ? <p className="mt-1 text-sm text-slate-800">{link.note}</p> : null}
      <p className="mt-1 text-xs text-slate-500">Linked by {link.createdBy}, {formatDate(link.createdAt)}</p>
      {canManage ? (
        removing ? (
          <RemoveLinkForm investigationId={investigationId} linkId={link.id} title={t.title} cancelHref={here(false)} />
        ) : (
          <p className="text-sm">
            <Link href={here(true)} scroll={false} className="inline-flex min-h-11 items-center text-slate-600 underline">
              Remove link<span className="sr-only"> to {t.title}</span>…
            </Link>
          </p>
        )
      ) : null}
    </li>
  )
}
