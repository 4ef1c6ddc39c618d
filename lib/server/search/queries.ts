import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { formatDate, humanize } from '@/lib/format'
import { SEARCH_MIN_LENGTH } from '@/lib/schemas/search'
import type { Actor } from '../actor'
import { db, type Tx } from '../db'
import { evidenceScope } from '../evidence/scope'
import { investigationScope } from '../investigations/access'
import { medicalRecordScope } from '../medical/scope'
import { can } from '../policy'
import { hasMatch, highlight, queryTerms, snippet, type Segment } from './highlight'

/**
 * One search box for every record the actor may open (issue 8).
 *
 * How: per kind, one raw query finds candidate ids by PostgreSQL full-text
 * search, trigram word similarity (typos: "Rexx") and ILIKE (partial numbers:
 * "EV-2026-00"), served by the expression indexes of the search_indexes
 * migration. Then the SAME Prisma scopes the pages use
 * (evidenceScope, medicalRecordScope, investigationScope…) filter those ids:
 * SECURITY: a record outside the actor's scope never reaches the result, its
 * count or its "more" flag, so search reveals nothing the pages would not.
 * Kinds the role may not read at all are not even queried.
 */

export type SearchKind = 'dogs' | 'handlers' | 'incidents' | 'medical' | 'evidence' | 'investigations'

export type SearchHit = { id: string; href: string; title: Segment[]; subtitle: string; snippet: Segment[] }
export type SearchGroup = { kind: SearchKind; label: string; hits: SearchHit[]; more: boolean }
export type SearchResult = { q: string; tooShort: boolean; groups: SearchGroup[]; total: number }

/** Shown per kind; the page says when there are more (and only counts what the actor may open). */
export const HITS_PER_KIND = 10
/** Candidates per kind before scoping. */
const CANDIDATES = 200
/** Matches per kind that are ranked (see candidates()). */
const POOL = 1_000
/** Word similarity at or above which a word counts as a typo of the query ("Rexx" ~ "Rex" is 0.6). */
const WORD_SIMILARITY = 0.5

/**
 * The search documents. SECURITY/PERFORMANCE: constant SQL, never user
 * input; each must stay identical to its index expression in
 * prisma/migrations/20261125081627_search_indexes/migration.sql.
 */
const DOCS = {
  dogs: { table: Prisma.sql`"Dog"`, alive: Prisma.sql`"archivedAt" IS NULL`, doc: Prisma.sql`("name" || ' ' || "k9Number" || ' ' || "breed" || ' ' || coalesce("microchip", ''))` },
  handlers: { table: Prisma.sql`"Handler"`, alive: Prisma.sql`TRUE`, doc: Prisma.sql`("firstName" || ' ' || "lastName" || ' ' || "badgeNumber" || ' ' || "rank" || ' ' || "unit")` },
  incidents: { table: Prisma.sql`"Incident"`, alive: Prisma.sql`"archivedAt" IS NULL`, doc: Prisma.sql`("number" || ' ' || "locationText" || ' ' || "narrative")` },
  medical: {
    table: Prisma.sql`"MedicalRecord"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("clinic" || ' ' || coalesce("presentingProblem", '') || ' ' || coalesce("findings", '') || ' ' || coalesce("diagnosis", '') || ' ' || coalesce("treatment", '') || ' ' || coalesce("procedure", '') || ' ' || coalesce("outcome", ''))`,
  },
  evidence: { table: Prisma.sql`"EvidenceItem"`, alive: Prisma.sql`"archivedAt" IS NULL`, doc: Prisma.sql`("number" || ' ' || "description" || ' ' || coalesce("sealNumber", '') || ' ' || "collectedAtPlace")` },
  investigations: { table: Prisma.sql`"Investigation"`, alive: Prisma.sql`"archivedAt" IS NULL`, doc: Prisma.sql`("number" || ' ' || "title" || ' ' || "summary")` },
} satisfies Record<SearchKind, { table: Prisma.Sql; alive: Prisma.Sql; doc: Prisma.Sql }>

const LABELS: Record<SearchKind, string> = {
  dogs: 'Dogs',
  handlers: 'Handlers',
  incidents: 'Incidents',
  medical: 'Medical records',
  evidence: 'Evidence items',
  investigations: 'Investigations',
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Candidate ids of one kind, best first. Only ever called for a kind the actor may read. */
async function candidates(tx: Tx, kind: SearchKind, q: string): Promise<string[]> {
  const { table, alive, doc } = DOCS[kind]
  const pattern = `%${escapeLike(q)}%`
  // PERFORMANCE: ranking reads every match's document (ts_rank re-parses it), so
  // rank a bounded pool: the first POOL matches the indexes hand over. A common
  // word ("Rex" in a million narratives) then costs what a rare one does
  // (docs/performance.md); for the few hundred matches of a real query the pool
  // is all of them and nothing changes.
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id"::text AS "id"
      FROM (SELECT "id", ${doc} AS "doc"
              FROM ${table}
             WHERE ${alive}
               AND (${doc} ILIKE ${pattern}
                    OR ${q} <% ${doc}
                    OR to_tsvector('english'::regconfig, ${doc}) @@ websearch_to_tsquery('english'::regconfig, ${q}))
             LIMIT ${POOL}) AS "m"
     ORDER BY (CASE WHEN "doc" ILIKE ${pattern} THEN 1.0 ELSE 0.0 END
               + word_similarity(${q}, "doc")
               + ts_rank(to_tsvector('english'::regconfig, "doc"), websearch_to_tsquery('english'::regconfig, ${q}))) DESC,
              "id"
     LIMIT ${CANDIDATES}`
  return rows.map((r) => r.id)
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
  if (!can(actor, 'search:use') || q.length < SEARCH_MIN_LENGTH) return { q, tooShort: q.length < SEARCH_MIN_LENGTH, groups: [], total: 0 }
  const terms = queryTerms(q)

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
  const kinds = (Object.keys(readable) as SearchKind[]).filter((k) => readable[k])

  // One transaction: the similarity threshold is set for it alone (SET LOCAL semantics).
  const ids = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`
    const out = {} as Record<SearchKind, string[]>
    for (const kind of kinds) out[kind] = await candidates(tx, kind, q)
    return out
  })

  const take = HITS_PER_KIND + 1
  const groups: SearchGroup[] = []

  if (ids.dogs?.length) {
    const rows = await db.dog.findMany({ where: { id: { in: ids.dogs }, archivedAt: null }, select: { id: true, name: true, k9Number: true, breed: true, status: true, microchip: true } })
    groups.push(
      group(
        'dogs',
        inOrder(ids.dogs, rows)
          .slice(0, take)
          .map((d) => ({ id: d.id, href: `/dogs/${d.id}`, title: highlight(`${d.name} (${d.k9Number})`, terms), subtitle: `${d.breed} · ${humanize(d.status)}`, snippet: d.microchip ? highlight(`Microchip ${d.microchip}`, terms) : [] })),
      ),
    )
  }
  if (ids.handlers?.length) {
    const rows = await db.handler.findMany({ where: { id: { in: ids.handlers } }, select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true, unit: true, active: true } })
    groups.push(
      group(
        'handlers',
        inOrder(ids.handlers, rows)
          .slice(0, take)
          .map((h) => ({ id: h.id, href: `/handlers/${h.id}`, title: highlight(`${h.rank} ${h.firstName} ${h.lastName}`, terms), subtitle: `${h.unit}${h.active ? '' : ' · inactive'}`, snippet: highlight(`Badge ${h.badgeNumber}`, terms) })),
      ),
    )
  }
  if (ids.incidents?.length) {
    const rows = await db.incident.findMany({ where: { id: { in: ids.incidents }, archivedAt: null }, select: { id: true, number: true, type: true, occurredAt: true, locationText: true, narrative: true } })
    groups.push(
      group(
        'incidents',
        inOrder(ids.incidents, rows)
          .slice(0, take)
          .map((i) => ({ id: i.id, href: `/incidents/${i.id}`, title: highlight(`${i.number} · ${humanize(i.type)}`, terms), subtitle: formatDate(i.occurredAt), snippet: bestSnippet(terms, i.locationText, i.narrative) })),
      ),
    )
  }
  if (ids.medical?.length && medicalScope) {
    const rows = await db.medicalRecord.findMany({
      where: { AND: [{ id: { in: ids.medical }, archivedAt: null }, medicalScope] },
      select: { id: true, kind: true, occurredAt: true, clinic: true, presentingProblem: true, findings: true, diagnosis: true, treatment: true, procedure: true, outcome: true, dog: { select: { name: true, k9Number: true } } },
    })
    groups.push(
      group(
        'medical',
        inOrder(ids.medical, rows)
          .slice(0, take)
          .map((m) => ({
            id: m.id,
            href: `/medical/${m.id}`,
            title: highlight(`${humanize(m.kind)}: ${m.dog.name} (${m.dog.k9Number})`, terms),
            subtitle: `${formatDate(m.occurredAt)} · ${m.clinic}`,
            snippet: bestSnippet(terms, m.diagnosis, m.presentingProblem, m.findings, m.procedure, m.treatment, m.outcome, m.clinic),
          })),
      ),
    )
  }
  if (ids.evidence?.length && evScope) {
    const rows = await db.evidenceItem.findMany({
      where: { AND: [{ id: { in: ids.evidence } }, evScope] },
      select: { id: true, number: true, description: true, category: true, status: true, sealNumber: true, collectedAtPlace: true },
    })
    groups.push(
      group(
        'evidence',
        inOrder(ids.evidence, rows)
          .slice(0, take)
          .map((e) => ({
            id: e.id,
            href: `/evidence/${e.id}`,
            title: highlight(`${e.number} · ${humanize(e.category)}`, terms),
            subtitle: humanize(e.status),
            snippet: bestSnippet(terms, e.description, e.sealNumber ? `Seal ${e.sealNumber}` : null, e.collectedAtPlace),
          })),
      ),
    )
  }
  if (ids.investigations?.length && invScope) {
    const rows = await db.investigation.findMany({ where: { AND: [{ id: { in: ids.investigations } }, invScope] }, select: { id: true, number: true, title: true, status: true, summary: true } })
    groups.push(
      group(
        'investigations',
        inOrder(ids.investigations, rows)
          .slice(0, take)
          .map((v) => ({ id: v.id, href: `/investigations/${v.id}`, title: highlight(`${v.number} · ${v.title}`, terms), subtitle: humanize(v.status), snippet: bestSnippet(terms, v.summary) })),
      ),
    )
  }

  const nonEmpty = groups.filter((g) => g.hits.length > 0)
  return { q, tooShort: false, groups: nonEmpty, total: nonEmpty.reduce((n, g) => n + g.hits.length, 0) }
}
