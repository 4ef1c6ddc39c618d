import 'server-only'
import { formatDate, humanize } from '@/lib/format'
import { SEARCH_MIN_LENGTH } from '@/lib/schemas/search'
import type { Actor } from '../actor'
import { db } from '../db'
import { evidenceScope } from '../evidence/scope'
import { investigationScope } from '../investigations/access'
import { medicalRecordScope } from '../medical/scope'
import { can } from '../policy'
import { hasMatch, highlight, queryTerms, snippet, type Segment } from './highlight'
import { candidatesStatement, SEARCH_PLAN_SETTINGS, type SearchKind } from './sql'

/**
 * One search box for every record the actor may open (issue 8), fast on a
 * statewide dataset (issue 10; decision 019).
 *
 * How, per kind, with a bounded cost however common the words are:
 * - words by full-text search on the kind's search document (the GIN
 *   to_tsvector indexes of the search_indexes migration); a word that is not
 *   in the lexicon ("SearchWord": every word of the searchable text, kept by
 *   triggers) is first expanded to its most similar lexicon words by trigram
 *   similarity ("Rexx" → rex). Only the first POOL matches the index hands
 *   over are ranked (ts_rank; exact words count twice);
 * - a query that is one token with a digit is also a prefix of the kind's
 *   number/code columns (btree text_pattern_ops indexes of the
 *   search_at_scale migration: "EV-2026-00", "2024-0012" → EV-2024-0012…);
 *   number hits come first, an exact number first of all.
 * Then the SAME Prisma scopes the pages use (evidenceScope,
 * medicalRecordScope, investigationScope…) filter those candidates:
 * SECURITY: a record outside the actor's scope never reaches the result, its
 * count or its "more" flag, so search reveals nothing the pages would not.
 * Kinds the role may not read at all are not even queried.
 */

export type { SearchKind }

export type SearchHit = { id: string; href: string; title: Segment[]; subtitle: string; snippet: Segment[] }
export type SearchGroup = { kind: SearchKind; label: string; hits: SearchHit[]; more: boolean }
export type SearchResult = {
  q: string
  tooShort: boolean
  groups: SearchGroup[]
  total: number
  /** Lexicon words searched in place of words that are not in it (probable typos: "Rexx" → rex). */
  typos: string[]
}

/** Shown per kind; the page says when there are more (and only counts what the actor may open). */
export const HITS_PER_KIND = 10

const LABELS: Record<SearchKind, string> = {
  dogs: 'Dogs',
  handlers: 'Handlers',
  incidents: 'Incidents',
  medical: 'Medical records',
  evidence: 'Evidence items',
  investigations: 'Investigations',
}

/**
 * Candidate ids per kind, best first, and the lexicon words used for typos:
 * one statement for every kind the actor may read (and only those).
 *
 * PERFORMANCE of the plan (SEARCH_PLAN_SETTINGS, this transaction only):
 * sequential scans are off, so a big table is only ever read through an
 * index. Otherwise the planner may take a word as common enough to read the
 * table from its start until the LIMIT is met, which costs nothing when the
 * word is spread evenly and a full scan when its rows are all recent. And the
 * plan is made for this query's values, not a generic one. What still grows
 * with the data is GIN decoding the posting lists of the query's words
 * (docs/performance.md, Search).
 */
async function findCandidates(q: string, kinds: readonly SearchKind[]): Promise<{ ids: Partial<Record<SearchKind, string[]>>; typos: string[] }> {
  const [, rows] = await db.$transaction([db.$executeRaw(SEARCH_PLAN_SETTINGS), db.$queryRaw<Array<{ kind: SearchKind; id: string; typos: string[] }>>(candidatesStatement(q, kinds))])
  const ids: Partial<Record<SearchKind, string[]>> = {}
  for (const r of rows) (ids[r.kind] ??= []).push(r.id)
  return { ids, typos: rows[0]?.typos ?? [] }
}

/** Keeps the candidates' order on the scoped rows. */
function inOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [row] : []
  })
}

function group(kind: SearchKind, hits: SearchHit[]): SearchGroup {
  return { kind, label: LABELS[kind], hits: hits.slice(0, HITS_PER_KIND), more: hits.length > HITS_PER_KIND }
}

/** The first field that matched, as a snippet; else the first non-empty field. */
function bestSnippet(terms: readonly string[], ...fields: Array<string | null | undefined>): Segment[] {
  for (const f of fields) {
    const s = snippet(f, terms)
    if (hasMatch(s)) return s
  }
  return snippet(fields.find((f) => f) ?? '', terms)
}

/**
 * Search every kind the actor may read. A query shorter than 2 characters
 * answers tooShort without touching the database.
 */
export async function search(actor: Actor, rawQ: string): Promise<SearchResult> {
  const q = rawQ.trim().slice(0, 100)
  if (!can(actor, 'search:use') || q.length < SEARCH_MIN_LENGTH) return { q, tooShort: q.length < SEARCH_MIN_LENGTH, groups: [], total: 0, typos: [] }

  const medicalScope = medicalRecordScope(actor)
  const evScope = evidenceScope(actor)
  const invScope = investigationScope(actor)
  const readable: Record<SearchKind, boolean> = {
    dogs: can(actor, 'dogs:read'),
    handlers: can(actor, 'handlers:read'),
    incidents: can(actor, 'incidents:read'),
    medical: medicalScope !== null,
    evidence: evScope !== null,
    investigations: invScope !== null,
  }
  if (!Object.values(readable).some(Boolean)) return { q, tooShort: false, groups: [], total: 0, typos: [] }

  const kinds = (Object.keys(readable) as SearchKind[]).filter((k) => readable[k])
  const { ids, typos } = await findCandidates(q, kinds)
  // The lexicon words found for a typo are highlighted too ("Okafr" marks Okafor).
  const terms = [...new Set([...queryTerms(q), ...typos])]
  const take = HITS_PER_KIND + 1
  const found = <T extends { id: string }>(kind: SearchKind, load: (ids: string[]) => Promise<T[]>, hit: (row: T) => SearchHit) => async (): Promise<SearchGroup | null> => {
    const candidates = ids[kind] ?? []
    if (candidates.length === 0) return null
    return group(kind, inOrder(candidates, await load(candidates)).slice(0, take).map(hit))
  }

  // The scoped reads of the kinds are independent: side by side on the pool.
  const groups = await Promise.all([
    readable.dogs
      ? found(
          'dogs',
          (ids) => db.dog.findMany({ where: { id: { in: ids }, archivedAt: null }, select: { id: true, name: true, k9Number: true, breed: true, status: true, microchip: true } }),
          (d) => ({ id: d.id, href: `/dogs/${d.id}`, title: highlight(`${d.name} (${d.k9Number})`, terms), subtitle: `${d.breed} · ${humanize(d.status)}`, snippet: d.microchip ? highlight(`Microchip ${d.microchip}`, terms) : [] }),
        )()
      : null,
    readable.handlers
      ? found(
          'handlers',
          (ids) => db.handler.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true, unit: true, active: true } }),
          (h) => ({ id: h.id, href: `/handlers/${h.id}`, title: highlight(`${h.rank} ${h.firstName} ${h.lastName}`, terms), subtitle: `${h.unit}${h.active ? '' : ' · inactive'}`, snippet: highlight(`Badge ${h.badgeNumber}`, terms) }),
        )()
      : null,
    readable.incidents
      ? found(
          'incidents',
          (ids) => db.incident.findMany({ where: { id: { in: ids }, archivedAt: null }, select: { id: true, number: true, type: true, occurredAt: true, locationText: true, narrative: true } }),
          (i) => ({ id: i.id, href: `/incidents/${i.id}`, title: highlight(`${i.number} · ${humanize(i.type)}`, terms), subtitle: formatDate(i.occurredAt), snippet: bestSnippet(terms, i.locationText, i.narrative) }),
        )()
      : null,
    medicalScope
      ? found(
          'medical',
          (ids) =>
            db.medicalRecord.findMany({
              where: { AND: [{ id: { in: ids }, archivedAt: null }, medicalScope] },
              select: { id: true, kind: true, occurredAt: true, clinic: true, presentingProblem: true, findings: true, diagnosis: true, treatment: true, procedure: true, outcome: true, dog: { select: { name: true, k9Number: true } } },
            }),
          (m) => ({
            id: m.id,
            href: `/medical/${m.id}`,
            title: highlight(`${humanize(m.kind)}: ${m.dog.name} (${m.dog.k9Number})`, terms),
            subtitle: `${formatDate(m.occurredAt)} · ${m.clinic}`,
            snippet: bestSnippet(terms, m.diagnosis, m.presentingProblem, m.findings, m.procedure, m.treatment, m.outcome, m.clinic),
          }),
        )()
      : null,
    evScope
      ? found(
          'evidence',
          (ids) =>
            db.evidenceItem.findMany({
              where: { AND: [{ id: { in: ids } }, evScope] },
              select: { id: true, number: true, description: true, category: true, status: true, sealNumber: true, collectedAtPlace: true },
            }),
          (e) => ({
            id: e.id,
            href: `/evidence/${e.id}`,
            title: highlight(`${e.number} · ${humanize(e.category)}`, terms),
            subtitle: humanize(e.status),
            snippet: bestSnippet(terms, e.description, e.sealNumber ? `Seal ${e.sealNumber}` : null, e.collectedAtPlace),
          }),
        )()
      : null,
    invScope
      ? found(
          'investigations',
          (ids) => db.investigation.findMany({ where: { AND: [{ id: { in: ids } }, invScope] }, select: { id: true, number: true, title: true, status: true, summary: true } }),
          (v) => ({ id: v.id, href: `/investigations/${v.id}`, title: highlight(`${v.number} · ${v.title}`, terms), subtitle: humanize(v.status), snippet: bestSnippet(terms, v.summary) }),
        )()
      : null,
  ])

  const nonEmpty = groups.filter((g): g is SearchGroup => g !== null && g.hits.length > 0)
  return { q, tooShort: false, groups: nonEmpty, total: nonEmpty.reduce((n, g) => n + g.hits.length, 0), typos }
}
