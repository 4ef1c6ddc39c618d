import 'server-only'
import { formatDate, humanize } from '@/lib/format'
import { SEARCH_MIN_LENGTH } from '@/lib/schemas/search'
import type { Actor } from '../actor'
import { db, hotTransaction, jsonDate } from '../db'
import type { Prisma } from '@/lib/generated/prisma/client'
import { evidenceScope, evidenceScopeSql, seesAllEvidence } from '../evidence/scope'
import { investigationScope, investigationScopeSql, seesEveryInvestigation } from '../investigations/access'
import { medicalRecordScope, medicalRecordScopeSql, seesAllMedicalRecords } from '../medical/scope'
import { can } from '../policy'
import { bestSnippet, highlight, medicalSnippet, queryTerms, type Segment } from './highlight'
import { candidatesStatement, searchPlanSettings, type SearchKind } from './sql'

/**
 * One search box for every record the actor may open (issue 8), fast on a
 * statewide dataset (issue 10; decision 019).
 *
 * How, per kind, with a bounded cost however common the words are:
 * - words by full-text search on the kind's search document (a stored,
 *   GIN-indexed "searchVector" column: stored_search_vectors migration); a
 *   word that is not in the lexicon ("SearchWord": every word of the
 *   searchable text, kept by triggers) is first expanded to its most similar
 *   lexicon words by trigram similarity ("Rexx" → rex). Words common in a big
 *   table (incidents, medical records, evidence) are looked for in its newest
 *   rows first, so they show their newest matches; otherwise the first POOL
 *   matches the index hands over are ranked (ts_rank; exact words count twice);
 * - a query that is one token with a digit is also a prefix of the kind's
 *   number/code columns (btree text_pattern_ops indexes of the
 *   search_at_scale migration: "EV-2026-00", "2024-0012" → EV-2024-0012…);
 *   number hits come first, an exact number first of all.
 * A kind of which the actor may not open every record (an officer's medical
 * records and evidence, a detective's investigations) is searched among the
 * records in the actor's scope only (the scopes' SQL twins:
 * medicalRecordScopeSql, evidenceScopeSql, investigationScopeSql), so
 * that every match they may open can be found. SECURITY: the hits are then
 * kept to the SAME Prisma scopes the pages use (evidenceScope,
 * medicalRecordScope, investigationScope): a record outside the actor's
 * scope never reaches the result, its count or its "more" flag, so search
 * reveals nothing the pages would not, even were a twin wrong.
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

/** What the candidates' statement returns of each hit (its ROW in sql.ts), timestamps as ISO text. */
type Rows = {
  dogs: { name: string; k9Number: string; breed: string; status: string; microchip: string | null }
  handlers: { firstName: string; lastName: string; rank: string; badgeNumber: string; unit: string; active: boolean }
  incidents: { number: string; type: string; occurredAt: string; locationText: string; narrative: string }
  medical: { kind: string; occurredAt: string; clinic: string; presentingProblem: string | null; findings: string | null; diagnosis: string | null; treatment: string | null; procedure: string | null; outcome: string | null; dogName: string; dogK9Number: string }
  evidence: { number: string; description: string; category: string; status: string; sealNumber: string | null; collectedAtPlace: string }
  investigations: { number: string; title: string; status: string; summary: string }
}

type Candidate = { kind: SearchKind; id: string; typos: string[]; row: Rows[SearchKind] }

/**
 * The candidates of every kind, best first (HITS_PER_KIND + 1 of each, for
 * the "more" flag), with what the page shows of them, and the lexicon words
 * used for typos: one statement for every kind the actor may read (and only
 * those), each kind searched among the records in the actor's scope
 * (`scopes`; null: every record).
 *
 * PERFORMANCE of the plan (searchPlanSettings, this transaction only):
 * sequential scans are off, so a big table is only ever read through an
 * index. Otherwise the planner may take a word as common enough to read the
 * table from its start until the LIMIT is met, which costs nothing when the
 * word is spread evenly and a full scan when its rows are all recent. A
 * number's plan is made for its values; words keep one generic plan per
 * connection (searchPlanSettings says why). What still grows with the data
 * is GIN decoding the posting lists of the query's words when they are not
 * common enough to be walked (docs/performance.md, Search). Through
 * node-postgres (hotTransaction), not Prisma, and the rows in the same
 * statement, not one Prisma read per kind: about half the Node CPU of a
 * search (docs/performance.md).
 */
async function findCandidates(q: string, kinds: ReadonlyArray<{ kind: SearchKind; scope: Prisma.Sql | null }>): Promise<{ candidates: Candidate[]; typos: string[] }> {
  const [, rows] = await hotTransaction([searchPlanSettings(q), candidatesStatement(q, kinds, { shown: HITS_PER_KIND + 1 })])
  const candidates = rows as Candidate[]
  return { candidates, typos: candidates[0]?.typos ?? [] }
}

function group(kind: SearchKind, hits: SearchHit[]): SearchGroup {
  return { kind, label: LABELS[kind], hits: hits.slice(0, HITS_PER_KIND), more: hits.length > HITS_PER_KIND }
}

/** How each kind's row reads as a hit. */
const HIT: { [K in SearchKind]: (id: string, row: Rows[K], terms: readonly string[]) => SearchHit } = {
  dogs: (id, d, terms) => ({ id, href: `/dogs/${id}`, title: highlight(`${d.name} (${d.k9Number})`, terms), subtitle: `${d.breed} · ${humanize(d.status)}`, snippet: d.microchip ? highlight(`Microchip ${d.microchip}`, terms) : [] }),
  handlers: (id, h, terms) => ({ id, href: `/handlers/${id}`, title: highlight(`${h.rank} ${h.firstName} ${h.lastName}`, terms), subtitle: `${h.unit}${h.active ? '' : ' · inactive'}`, snippet: highlight(`Badge ${h.badgeNumber}`, terms) }),
  incidents: (id, i, terms) => ({ id, href: `/incidents/${id}`, title: highlight(`${i.number} · ${humanize(i.type)}`, terms), subtitle: formatDate(jsonDate(i.occurredAt)), snippet: bestSnippet(terms, i.locationText, i.narrative) }),
  medical: (id, m, terms) => ({
    id,
    href: `/medical/${id}`,
    title: highlight(`${humanize(m.kind)}: ${m.dogName} (${m.dogK9Number})`, terms),
    subtitle: `${formatDate(jsonDate(m.occurredAt))} · ${m.clinic}`,
    snippet: medicalSnippet(terms, m),
  }),
  evidence: (id, e, terms) => ({
    id,
    href: `/evidence/${id}`,
    title: highlight(`${e.number} · ${humanize(e.category)}`, terms),
    subtitle: humanize(e.status),
    snippet: bestSnippet(terms, e.description, e.sealNumber ? `Seal ${e.sealNumber}` : null, e.collectedAtPlace),
  }),
  investigations: (id, v, terms) => ({ id, href: `/investigations/${id}`, title: highlight(`${v.number} · ${v.title}`, terms), subtitle: humanize(v.status), snippet: bestSnippet(terms, v.summary) }),
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
  // SECURITY: kinds whose every unarchived record the actor may open (the statement leaves archived ones out),
  // decided here and not by the SQL twins below: the others are kept to the SAME Prisma scope their pages use,
  // whatever the twins let through.
  const opensEvery: Record<SearchKind, boolean> = {
    dogs: true,
    handlers: true,
    incidents: true,
    medical: seesAllMedicalRecords(actor),
    evidence: seesAllEvidence(actor),
    investigations: seesEveryInvestigation(actor),
  }
  // Which records of each kind are searched, in SQL (null: every unarchived one).
  const scopes: Record<SearchKind, Prisma.Sql | null> = {
    dogs: null,
    handlers: null,
    incidents: null,
    medical: medicalRecordScopeSql(actor),
    evidence: evidenceScopeSql(actor),
    investigations: investigationScopeSql(actor),
  }

  const { candidates, typos } = await findCandidates(q, kinds.map((kind) => ({ kind, scope: scopes[kind] })))
  const byKind = new Map<SearchKind, Candidate[]>()
  for (const c of candidates) {
    const list = byKind.get(c.kind)
    if (list) list.push(c)
    else byKind.set(c.kind, [c])
  }
  const idsOf = (kind: SearchKind) => (byKind.get(kind) ?? []).map((c) => c.id)
  // SECURITY: which candidates of the other kinds the actor may open, by the pages' own Prisma scopes, side by side
  // (none asked for a kind without candidates).
  const scoped = async (kind: SearchKind, find: (ids: string[]) => Promise<Array<{ id: string }>>): Promise<[SearchKind, Set<string>] | null> =>
    opensEvery[kind] || !byKind.has(kind) ? null : [kind, new Set((await find(idsOf(kind))).map((r) => r.id))]
  const inScope = new Map(
    (
      await Promise.all([
        medicalScope ? scoped('medical', (ids) => db.medicalRecord.findMany({ where: { AND: [{ id: { in: ids } }, medicalScope] }, select: { id: true } })) : null,
        evScope ? scoped('evidence', (ids) => db.evidenceItem.findMany({ where: { AND: [{ id: { in: ids } }, evScope] }, select: { id: true } })) : null,
        invScope ? scoped('investigations', (ids) => db.investigation.findMany({ where: { AND: [{ id: { in: ids } }, invScope] }, select: { id: true } })) : null,
      ])
    ).filter((e) => e !== null),
  )

  // The lexicon words found for a typo are highlighted too ("Okafr" marks Okafor).
  const terms = [...new Set([...queryTerms(q), ...typos])]
  const groups = kinds.map((kind) => {
    const allowed = inScope.get(kind)
    const open = (byKind.get(kind) ?? []).filter((c) => opensEvery[kind] || allowed?.has(c.id))
    const toHit = HIT[kind] as (id: string, row: Rows[SearchKind], terms: readonly string[]) => SearchHit
    return group(kind, open.slice(0, HITS_PER_KIND + 1).map((c) => toHit(c.id, c.row, terms)))
  })

  const nonEmpty = groups.filter((g) => g.hits.length > 0)
  return { q, tooShort: false, groups: nonEmpty, total: nonEmpty.reduce((n, g) => n + g.hits.length, 0), typos }
}
