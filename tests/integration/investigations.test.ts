import { mkdtempSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import { isAppError } from '@/lib/errors'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { PDFDocument } from 'pdf-lib'
import { generateCaseFile } from '@/lib/server/investigations/case-file'
import { addCaseNote, addLink, addLinkByReference, addTeamMember, changeInvestigationStatus, createInvestigation, removeLink, removeTeamMember } from '@/lib/server/investigations/commands'
import { findCandidateDeployments, resolveFinderDog } from '@/lib/server/investigations/finder'
import { getInvestigationGraph } from '@/lib/server/investigations/graph'
import { getInvestigation, getRecoveryAnchor, getTimeline, listInvestigations } from '@/lib/server/investigations/queries'
import { resolveMentions, searchMentionsFor } from '@/lib/server/investigations/mentions'
import { readTimelineCase, readTimelineDetail } from '@/lib/server/investigations/timeline-reads'
import { readInvestigation } from '@/lib/server/investigations/investigation-read'
import { investigationScope } from '@/lib/server/investigations/access'
import { mentionKey, mentionToken, noteAsText, parseNote } from '@/lib/mentions'
import { AddTeamMemberSchema, CreateInvestigationSchema } from '@/lib/schemas/investigations'

/**
 * Investigations on the reference case ("Who shot Rex?", prisma/seed.ts),
 * loaded into this file's own database: who sees the case, who may link what,
 * the timeline, the finder's ranking, unlinking and numbering.
 */

let investigationId: string
let rexId: string
const actors: Record<string, Actor> = {}

async function actorFor(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  return { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: u.handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  return 'OK'
}

const DAY = 86_400_000

async function codeAndErrors(promise: Promise<unknown>): Promise<{ code: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fieldErrors: error.fieldErrors }
    throw error
  }
  return { code: 'OK' }
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  // The app's blob store (BLOB_DIR, set by integration-setup) must hold the seeded X-rays for the case file's re-check.
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-inv-blobs-')), log: () => {} })
  for (const key of ['morgan', 'carter', 'ruiz', 'hayes', 'evans', 'admin']) actors[key] = await actorFor(`${key}@k9.test`)
  const other = await db.user.create({ data: { email: 'quinn@k9.test', name: 'Det. Jo Quinn', role: 'DETECTIVE', passwordHash: 'x' }, select: { email: true } })
  actors.quinn = await actorFor(other.email)
  investigationId = (await db.investigation.findFirstOrThrow({ where: { title: 'Who shot Rex?' }, select: { id: true } })).id
  rexId = (await db.dog.findUniqueOrThrow({ where: { k9Number: 'K9-101' }, select: { id: true } })).id
}, 120_000)

describe('visibility', () => {
  it('shows the case to its lead, its team and supervisors', async () => {
    for (const who of ['morgan', 'carter', 'ruiz']) {
      const inv = await getInvestigation(actors[who]!, investigationId)
      expect(inv?.title, who).toBe('Who shot Rex?')
      const list = await listInvestigations(actors[who]!)
      expect(list.rows.map((r) => r.id), who).toContain(investigationId)
    }
    const asLead = await getInvestigation(actors.morgan!, investigationId)
    expect(asLead?.lead.name).toBe('Det. Alex Morgan')
    expect(asLead?.members.map((m) => m.name)).toEqual(expect.arrayContaining(['Det. Alex Morgan', 'Officer Luke Carter']))
    expect(asLead?.canManage).toBe(true)
    expect((await getInvestigation(actors.ruiz!, investigationId))?.canManage).toBe(false)
    expect((await getInvestigation(actors.carter!, investigationId))?.canManage).toBe(false)
  })

  it('answers null (404) to another detective, a vet, an evidence tech off the team and an administrator', async () => {
    for (const who of ['quinn', 'hayes', 'evans', 'admin']) {
      expect(await getInvestigation(actors[who]!, investigationId), who).toBeNull()
      expect(await getTimeline(actors[who]!, investigationId), who).toBeNull()
      expect((await listInvestigations(actors[who]!)).rows, who).toEqual([])
    }
  })

  it('filters the list by a word of the number, title or summary; a text under three characters is not searched', async () => {
    const number = (await db.investigation.findUniqueOrThrow({ where: { id: investigationId }, select: { number: true } })).number
    const ids = async (q: string) => (await listInvestigations(actors.morgan!, { page: 1, q })).rows.map((r) => r.id)
    expect(await ids('shot rex')).toEqual([investigationId])
    expect(await ids('SHOT')).toContain(investigationId)
    expect(await ids(number.slice(-6))).toContain(investigationId)
    expect(await ids('zqxv')).toEqual([])
    // Too short for the trigram index: listed as unfiltered (the page says the text was not searched).
    const unfiltered = (await listInvestigations(actors.morgan!, { page: 1 })).total
    expect(unfiltered).toBeGreaterThan(0)
    expect((await listInvestigations(actors.morgan!, { page: 1, q: 'zq' })).total).toBe(unfiltered)
  })

  it('answers null for an id that does not exist', async () => {
    expect(await getInvestigation(actors.morgan!, '00000000-0000-7000-8000-000000000000')).toBeNull()
  })
})

describe('timeline', () => {
  it('tells the story from the factory call-out to the lab result, in order, with links', async () => {
    const t = await getTimeline(actors.morgan!, investigationId)
    expect(t).not.toBeNull()
    const events = t!.events
    const times = events.map((e) => e.at.getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(events[0]).toMatchObject({ kind: 'incident', href: expect.stringMatching(/^\/incidents\//) })
    expect(events[0]!.title).toMatch(/Kidnapping at Abandoned Ashford textile factory/)
    const kinds = new Set(events.map((e) => e.kind))
    for (const k of ['incident', 'medical', 'attachment', 'custody', 'lab', 'note', 'investigation']) expect(kinds, k).toContain(k)
    const medical = events.filter((e) => e.kind === 'medical').map((e) => e.title)
    expect(medical.join('\n')).toMatch(/Euthanasia decision/)
    expect(medical.join('\n')).toMatch(/Surgery/)
    expect(events.find((e) => e.kind === 'medical' && /Euthanasia/.test(e.title))?.detail).toMatch(/halted/i)
    expect(events.find((e) => e.kind === 'lab')?.title).toMatch(/firearm projectile/i)
    expect(events.filter((e) => e.kind === 'custody').length).toBeGreaterThanOrEqual(10)
    const keys = events.map((e) => e.key)
    expect(new Set(keys).size).toBe(keys.length)
    // Day 0 is when the fragment was recovered; the factory is Day -14.
    const fragment = await db.evidenceItem.findFirstOrThrow({ where: { category: 'BALLISTIC' }, select: { collectedAt: true } })
    expect(t!.day0).toEqual(fragment.collectedAt)
    const utcDay = (d: Date) => Math.floor(d.getTime() / DAY)
    expect(utcDay(fragment.collectedAt) - utcDay(events[0]!.at)).toBe(14)
  })

  it('withholds medical detail from a team member outside the medical scope', async () => {
    await db.investigationMember.create({ data: { investigationId, userId: actors.evans!.id } })
    try {
      const t = await getTimeline(actors.evans!, investigationId)
      const medical = t!.events.filter((e) => e.kind === 'medical')
      expect(medical.length).toBeGreaterThan(0)
      for (const e of medical) expect(e).toMatchObject({ restricted: true, detail: null, href: null, title: 'Medical record' })
      const xray = t!.events.filter((e) => e.kind === 'attachment')
      for (const e of xray) expect(e).toMatchObject({ restricted: true, detail: null })
      expect(JSON.stringify(t)).not.toMatch(/Euthanasia|cardiac arrest|Dr\. Patel/i)
      expect(t!.events.some((e) => e.kind === 'custody')).toBe(true)
      const inv = await getInvestigation(actors.evans!, investigationId)
      const attachment = inv!.activeLinks.find((l) => l.targetType === 'ATTACHMENT')
      expect(attachment?.target).toMatchObject({ restricted: true, href: null })
    } finally {
      await db.investigationMember.delete({ where: { investigationId_userId: { investigationId, userId: actors.evans!.id } } })
    }
  })
})

describe('timeline: what links bring, and what each reader sees', () => {
  /** A case of its own: Rex linked twice, Thor with one record linked, an archived and an unlinked incident, the fragment and an item without custody events. */
  async function ruleCase() {
    const morgan = actors.morgan!
    const thor = await db.dog.findUniqueOrThrow({ where: { k9Number: 'K9-109' }, select: { id: true } })
    const knife = await db.incident.findFirstOrThrow({ where: { locationText: { contains: '14th Street underpass' } }, select: { id: true, occurredAt: true } })
    const factory = await db.incident.findFirstOrThrow({ where: { locationText: { contains: 'Ashford textile factory' } }, select: { id: true } })
    const railYard = await db.incident.findFirstOrThrow({ where: { locationText: { contains: 'Riverside rail yard' } }, select: { id: true } })
    const fragment = await db.evidenceItem.findFirstOrThrow({ where: { category: 'BALLISTIC' }, select: { id: true, number: true, originMedicalRecordId: true } })
    const after = (days: number) => new Date(knife.occurredAt.getTime() + days * DAY)
    const vet = actors.hayes!.id
    const [thorLinked, thorHistory] = await Promise.all(
      ['Linked exam', 'History exam'].map((diagnosis, i) => db.medicalRecord.create({ data: { dogId: thor.id, kind: 'EXAM', occurredAt: after(10 + i), clinic: 'Clinic', veterinarianId: vet, diagnosis }, select: { id: true } })),
    )
    const archived = await db.incident.create({
      data: { number: 'TL-ARCHIVED-1', type: 'PURSUIT', occurredAt: after(20), locationText: 'Archived Street', narrative: 'Archived.', reportingOfficerId: morgan.id, archivedAt: new Date() },
      select: { id: true },
    })
    const item = await db.evidenceItem.create({
      data: { number: 'EV-TL-000001', description: 'A shell casing.', category: 'BALLISTIC', collectedAt: after(30), collectedById: actors.evans!.id, collectedAtPlace: 'Rail yard', currentCustodianId: actors.evans!.id },
      select: { id: true, number: true },
    })
    const inv = await db.investigation.create({ data: { number: 'INV-TL-0001', title: 'Timeline rules', summary: 'Test.', leadId: morgan.id, members: { create: { userId: actors.carter!.id } } }, select: { id: true } })
    const link = { investigationId: inv.id, createdById: morgan.id }
    await db.investigationLink.createMany({
      data: [
        { ...link, targetType: 'DOG', relation: 'SUBJECT', dogId: rexId },
        { ...link, targetType: 'DOG', relation: 'RELATED', dogId: rexId },
        { ...link, targetType: 'DOG', relation: 'RELATED', dogId: thor.id },
        { ...link, targetType: 'INCIDENT', relation: 'RELATED', incidentId: knife.id },
        { ...link, targetType: 'INCIDENT', relation: 'RELATED', incidentId: archived.id },
        { ...link, targetType: 'INCIDENT', relation: 'RELATED', incidentId: factory.id, removedAt: new Date(), removedById: morgan.id, removedReason: 'Ruled out.' },
        { ...link, targetType: 'MEDICAL_RECORD', relation: 'RELATED', medicalRecordId: thorLinked!.id },
        { ...link, targetType: 'EVIDENCE_ITEM', relation: 'RECOVERED_FROM', evidenceItemId: item.id },
        { ...link, targetType: 'EVIDENCE_ITEM', relation: 'RECOVERED_FROM', evidenceItemId: fragment.id },
      ],
    })
    return { inv: inv.id, knife: knife.id, factory: factory.id, railYard: railYard.id, archived: archived.id, item, fragment, thorLinked: thorLinked!.id, thorHistory: thorHistory!.id }
  }
  let c: Awaited<ReturnType<typeof ruleCase>>
  beforeAll(async () => {
    c = await ruleCase()
  })

  it('brings a dog linked twice once, leaves out archived and unlinked records and what a linked incident tells, and shows an item without custody events as collected', async () => {
    const t = (await getTimeline(actors.morgan!, c.inv))!
    const keys = t.events.map((e) => e.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toContain(`incident:${c.knife}`)
    expect(keys).not.toContain(`incident:${c.archived}`)
    expect(keys).not.toContain(`incident:${c.factory}`)
    // The factory's deployment is no longer part of a linked incident: Rex brings it as an exposure, like the rail yard's.
    for (const incidentId of [c.factory, c.railYard]) {
      const deployment = await db.deployment.findFirstOrThrow({ where: { incidentId, dogId: rexId }, select: { id: true } })
      expect(t.events.find((e) => e.key === `deployment:${deployment.id}`)?.via).toBe('Exposure of K-9 Rex (subject)')
    }
    // Rex's deployment at the linked knife incident (an injury) is told by the incident, not again as an exposure.
    const knifeDeployment = await db.deployment.findFirstOrThrow({ where: { incidentId: c.knife, dogId: rexId }, select: { id: true } })
    expect(keys).not.toContain(`deployment:${knifeDeployment.id}`)
    const rexHistory = await db.medicalRecord.findMany({ where: { dogId: rexId, archivedAt: null, occurredAt: { gte: t.events[0]!.at, lte: t.events.at(-1)!.at } }, select: { id: true } })
    expect(rexHistory.length).toBeGreaterThan(0)
    for (const r of rexHistory) expect(keys.filter((k) => k === `medical:${r.id}`), r.id).toHaveLength(1)
    expect(t.events.find((e) => e.key === `medical:${c.thorLinked}`)).toMatchObject({ restricted: false, via: 'Linked: related' })
    expect(t.events.find((e) => e.key === `medical:${c.thorHistory}`)).toMatchObject({ restricted: false, via: 'Medical history of K-9 Thor (subject)' })
    expect(t.events.find((e) => e.key === `evidence:${c.item.id}`)).toMatchObject({ kind: 'custody', title: `${c.item.number} collected at Rail yard`, detail: 'A shell casing. Collected by Tech. Maria Evans.', via: 'Linked: recovered from' })
    // The fragment's custody events tell its story (no separate "collected" event); its lab result and the surgery it came from come along.
    expect(keys).not.toContain(`evidence:${c.fragment.id}`)
    expect(t.events.filter((e) => e.kind === 'custody' && e.via === `Custody of ${c.fragment.number}`).length).toBeGreaterThanOrEqual(10)
    expect(t.events.find((e) => e.kind === 'lab')).toMatchObject({ via: `Lab work on ${c.fragment.number}`, title: expect.stringMatching(/firearm projectile/i) })
    expect(t.events.find((e) => e.key === `medical:${c.fragment.originMedicalRecordId}`)).toMatchObject({ restricted: false, via: 'Behind a linked image or item' })
    expect(t.capped).toBe(false)
  })

  it('shows an officer the records of the dog he handles, only the date of a linked record of another dog, and nothing of that dog’s history', async () => {
    const t = (await getTimeline(actors.carter!, c.inv))!
    const rexRecord = await db.medicalRecord.findFirstOrThrow({ where: { dogId: rexId, kind: 'SURGERY' }, select: { id: true } })
    expect(t.events.find((e) => e.key === `medical:${rexRecord.id}`)).toMatchObject({ restricted: false, href: `/medical/${rexRecord.id}` })
    expect(t.events.find((e) => e.key === `medical:${c.thorLinked}`)).toMatchObject({ restricted: true, title: 'Medical record', detail: null, href: null })
    expect(t.events.map((e) => e.key)).not.toContain(`medical:${c.thorHistory}`)
    expect(JSON.stringify(t)).not.toMatch(/Linked exam|History exam/)
  })

  it('withholds every medical detail when asked (the case file without medical detail): dates of linked records only', async () => {
    const t = (await getTimeline(actors.morgan!, c.inv, { withholdMedical: true }))!
    const medical = t.events.filter((e) => e.kind === 'medical')
    expect(medical.map((e) => e.key).sort()).toEqual([`medical:${c.thorLinked}`, `medical:${c.fragment.originMedicalRecordId}`].sort())
    for (const e of medical) expect(e).toMatchObject({ restricted: true, detail: null, href: null })
    // A detective's view of the same case has the dogs' histories.
    expect((await getTimeline(actors.morgan!, c.inv))!.events.filter((e) => e.kind === 'medical').length).toBeGreaterThan(2)
  })

  it('brings a linked dog’s latest 500 records and 200 exposures in the span, and says the history was cut', async () => {
    const dog = await db.dog.create({ data: { k9Number: 'K9-TL-CAP', name: 'Capper', breed: 'Malinois', sex: 'FEMALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } })
    const handler = await db.handler.findFirstOrThrow({ select: { id: true } })
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)
    await db.medicalRecord.createMany({ data: Array.from({ length: 502 }, (_, i) => ({ dogId: dog.id, kind: 'EXAM' as const, occurredAt: hoursAgo(i + 1), clinic: 'Clinic', veterinarianId: actors.hayes!.id })) })
    const incidents = await db.incident.createManyAndReturn({
      data: Array.from({ length: 202 }, (_, i) => ({ number: `TL-CAP-${i}`, type: 'PURSUIT' as const, occurredAt: hoursAgo(i + 0.5), locationText: 'Cap Street', narrative: 'Cap.', reportingOfficerId: actors.morgan!.id })),
      select: { id: true, occurredAt: true },
    })
    await db.deployment.createMany({ data: incidents.map((i) => ({ incidentId: i.id, incidentOccurredAt: i.occurredAt, dogId: dog.id, handlerId: handler.id, task: 'TRACK' as const, outcome: 'FOUND' as const, deployedAt: i.occurredAt, loggedById: actors.morgan!.id, exposures: ['FALL' as const] })) })
    // The latest incident is archived: its deployment makes room for an older one.
    await db.incident.update({ where: { id: incidents[0]!.id }, data: { archivedAt: new Date() } })
    const inv = await db.investigation.create({ data: { number: 'INV-TL-0002', title: 'Capped', summary: 'Test.', leadId: actors.morgan!.id }, select: { id: true } })
    await db.investigationLink.create({ data: { investigationId: inv.id, targetType: 'DOG', relation: 'SUBJECT', dogId: dog.id, createdById: actors.morgan!.id } })

    const t = (await getTimeline(actors.morgan!, inv.id))!
    expect(t.capped).toBe(true)
    const latest = await db.medicalRecord.findMany({ where: { dogId: dog.id }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 500, select: { id: true } })
    expect(t.events.filter((e) => e.kind === 'medical').map((e) => e.key).sort()).toEqual(latest.map((r) => `medical:${r.id}`).sort())
    const deployments = await db.deployment.findMany({ where: { dogId: dog.id, incident: { archivedAt: null } }, orderBy: [{ deployedAt: 'desc' }, { id: 'desc' }], take: 200, select: { id: true } })
    expect(deployments.map((d) => d.id)).not.toContain((await db.deployment.findFirstOrThrow({ where: { incidentId: incidents[0]!.id }, select: { id: true } })).id)
    expect(t.events.filter((e) => e.kind === 'deployment').map((e) => e.key).sort()).toEqual(deployments.map((d) => `deployment:${d.id}`).sort())
  })
})

describe('graph', () => {
  it('has the investigation, every linked record, and the relations between them', async () => {
    const g = await getInvestigationGraph(actors.morgan!, investigationId)
    expect(g).not.toBeNull()
    const linked = g!.nodes.filter((n) => n.linked && n.kind !== 'investigation')
    expect(linked.map((n) => n.kind).sort()).toEqual(['attachment', 'dog', 'evidence', 'incident', 'lab'])
    const label = (id: string) => g!.nodes.find((n) => n.id === id)!.label
    const relations = g!.edges.map((e) => `${label(e.from)} -${e.label}- ${label(e.to)}`)
    expect(relations).toContain(`${g!.number} -subject- K-9 Rex`)
    expect(relations.some((r) => /^EV-\d{4}-\d{6} -recovered in- Surgery$/.test(r))).toBe(true)
    expect(relations.some((r) => /^Lab result -result for- EV-/.test(r))).toBe(true)
    expect(relations.some((r) => /-image of- Imaging$/.test(r))).toBe(true)
    const ids = g!.nodes.map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const e of g!.edges) expect(ids).toContain(e.to)
  })

  it('is a 404 off the team and hides medical detail outside the medical scope', async () => {
    expect(await getInvestigationGraph(actors.quinn!, investigationId)).toBeNull()
    await db.investigationMember.create({ data: { investigationId, userId: actors.evans!.id } })
    try {
      const g = await getInvestigationGraph(actors.evans!, investigationId)
      const medical = g!.nodes.filter((n) => n.kind === 'medical' || n.kind === 'attachment')
      expect(medical.length).toBeGreaterThan(0)
      for (const n of medical) expect(n).toMatchObject({ restricted: true, href: null })
      expect(JSON.stringify(g)).not.toMatch(/Surgery|X-ray|rex-ribcage/)
    } finally {
      await db.investigationMember.delete({ where: { investigationId_userId: { investigationId, userId: actors.evans!.id } } })
    }
  })
})

describe('candidate-incident finder', () => {
  it('ranks Rex\'s deployments in the 12 months before Day 0: shot at first, with the reason and the gap', async () => {
    const day0 = await getRecoveryAnchor(investigationId, rexId)
    expect(day0).not.toBeNull()
    const result = await findCandidateDeployments(actors.morgan!, { dogId: rexId, from: new Date(day0!.getTime() - 365 * DAY), to: day0! })
    expect(result).not.toBeNull()
    const [first, second, third, fourth] = result!.candidates
    expect(first!.exposures).toEqual(['SHOT_AT'])
    expect(first!.incident.locationText).toMatch(/Riverside rail yard/)
    expect(first!.reason).toMatch(/^Shot at: two rounds fired toward handler and dog/)
    expect(first!.reason).toMatch(/no vet exam within 72 h afterwards$/)
    expect(first!.unexamined).toBe(true)
    expect(second!.exposures).toEqual(['GUNFIRE_NEARBY'])
    expect(third!.exposures).toEqual(['STRUCK'])
    expect(third!.unexamined).toBe(true)
    expect(fourth!.exposures).toEqual(['FALL'])
    const rest = result!.candidates.slice(4)
    expect(rest.every((c) => c.exposures.length === 0 && !c.unexamined && c.reason === 'No exposure recorded')).toBe(true)
    for (let i = 1; i < rest.length; i++) expect(rest[i - 1]!.deployedAt.getTime()).toBeGreaterThanOrEqual(rest[i]!.deployedAt.getTime())
    expect(result!.candidates.every((c) => c.deployedAt <= day0! && c.deployedAt.getTime() >= day0!.getTime() - 365 * DAY)).toBe(true)
  })

  it('answers null to a role that may not read incidents, and for a dog that does not exist', async () => {
    expect(await findCandidateDeployments(actors.hayes!, { dogId: rexId, from: new Date(Date.now() - 365 * DAY), to: new Date() })).toBeNull()
    expect(await findCandidateDeployments(actors.morgan!, { dogId: '00000000-0000-7000-8000-000000000000', from: new Date(Date.now() - 365 * DAY), to: new Date() })).toBeNull()
  })
})

describe('the finder’s dog, typed (a state unit has thousands: no list of the first 100)', () => {
  const dogData = (name: string, k9Number: string) => ({ k9Number, name, breed: 'Labrador Retriever', sex: 'FEMALE' as const, dateOfBirth: new Date('2021-01-01') })

  it('resolves a link’s id, a call name, a K-9 number and the label the field shows, and a dog past the first 100 by name', async () => {
    for (const text of [rexId, ' rex ', 'k9-101', 'Rex (K9-101)']) {
      const match = await resolveFinderDog(actors.morgan!, text)
      expect(match, text).toEqual({ ok: true, dog: { id: rexId, name: 'Rex', k9Number: 'K9-101', handlerId: expect.any(String) } })
    }
    // 120 dogs that sort before her: the old select never offered her.
    await db.dog.createMany({ data: Array.from({ length: 120 }, (_, i) => dogData(`Abby ${String(i).padStart(3, '0')}`, `K9-F${i}`)) })
    const zuri = await db.dog.create({ data: dogData('Zuri', 'K9-F999'), select: { id: true } })
    try {
      const match = await resolveFinderDog(actors.morgan!, 'zuri')
      expect(match.ok && match.dog.id).toBe(zuri.id)
      const result = await findCandidateDeployments(actors.morgan!, { dogId: zuri.id, from: new Date(Date.now() - 365 * DAY), to: new Date() })
      expect(result?.dog.name).toBe('Zuri')
      expect(result?.candidates).toEqual([])
    } finally {
      await db.dog.deleteMany({ where: { k9Number: { startsWith: 'K9-F' } } })
    }
  })

  it('answers an unknown, an ambiguous or a vanished dog with the message the field shows, and a vet with a refusal', async () => {
    expect(await resolveFinderDog(actors.morgan!, 'Rexx')).toEqual({ ok: false, message: 'No dog of the unit has the name or K-9 number “Rexx”.' })
    expect(await resolveFinderDog(actors.morgan!, '00000000-0000-7000-8000-000000000000')).toEqual({ ok: false, message: 'That dog is no longer in the unit’s records. Enter a call name or K-9 number.' })
    const twin = await db.dog.create({ data: dogData('Rex', 'K9-F500'), select: { id: true } })
    try {
      expect(await resolveFinderDog(actors.morgan!, 'rex')).toEqual({ ok: false, message: 'Several dogs are called “rex”: Rex (K9-101); Rex (K9-F500). Enter the K-9 number.' })
      const byNumber = await resolveFinderDog(actors.morgan!, 'Rex (K9-101)')
      expect(byNumber.ok && byNumber.dog.id).toBe(rexId)
    } finally {
      await db.dog.delete({ where: { id: twin.id } })
    }
    expect((await resolveFinderDog(actors.hayes!, 'Rex')).ok).toBe(false)
  })
})

describe('links', () => {
  async function shotAtDeployment() {
    return db.deployment.findFirstOrThrow({ where: { dogId: rexId, exposures: { has: 'SHOT_AT' } }, select: { id: true } })
  }

  it('lets the lead add the top candidate as a lead, audited in the same transaction, once', async () => {
    const dep = await shotAtDeployment()
    const auditsBefore = await db.auditEvent.count({ where: { action: 'investigations.linked' } })
    const link = await addLink(actors.morgan!, { investigationId, targetType: 'DEPLOYMENT', targetId: dep.id, relation: 'LEAD', note: 'Top candidate from the finder.' })
    const inv = await getInvestigation(actors.morgan!, investigationId)
    const shown = inv!.activeLinks.find((l) => l.id === link.id)
    expect(shown).toMatchObject({ targetType: 'DEPLOYMENT', relation: 'LEAD', note: 'Top candidate from the finder.', createdBy: 'Det. Alex Morgan' })
    expect(shown!.target.title).toMatch(/K-9 Rex/)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'investigations.linked' }, orderBy: { seq: 'desc' }, select: { actorId: true, entityId: true, details: true } })
    expect(await db.auditEvent.count({ where: { action: 'investigations.linked' } })).toBe(auditsBefore + 1)
    expect(audit).toMatchObject({ actorId: actors.morgan!.id, entityId: investigationId, details: { linkId: link.id, targetType: 'DEPLOYMENT', relation: 'LEAD' } })
    expect(await codeOf(addLink(actors.morgan!, { investigationId, targetType: 'DEPLOYMENT', targetId: dep.id, relation: 'LEAD' }))).toBe('CONFLICT')
    // The timeline now reaches back to the shot-at deployment.
    const t = await getTimeline(actors.morgan!, investigationId)
    expect(t!.events.find((e) => e.key === `deployment:${dep.id}`)?.via).toBe('Linked: lead')
  })

  it('refuses roles without investigations:manage, detectives off the team, and records that do not exist or are archived', async () => {
    const dep = await shotAtDeployment()
    const input = { investigationId, targetType: 'DEPLOYMENT' as const, targetId: dep.id, relation: 'RELATED' as const }
    expect(await codeOf(addLink(actors.ruiz!, input))).toBe('FORBIDDEN')
    expect(await codeOf(addLink(actors.carter!, input))).toBe('FORBIDDEN')
    expect(await codeOf(addLink(actors.hayes!, input))).toBe('FORBIDDEN')
    expect(await codeOf(addLink(actors.quinn!, input))).toBe('NOT_FOUND')
    expect(await codeOf(addLink(actors.morgan!, { ...input, targetId: '00000000-0000-7000-8000-000000000000' }))).toBe('NOT_FOUND')
    expect(await codeOf(addLink(actors.morgan!, { ...input, targetType: 'MEDICAL_RECORD' }))).toBe('NOT_FOUND') // a deployment id is not a medical record
    const archived = await db.incident.findFirstOrThrow({ where: { type: 'BURGLARY' }, select: { id: true } })
    await db.incident.update({ where: { id: archived.id }, data: { archivedAt: new Date() } })
    expect(await codeOf(addLink(actors.morgan!, { ...input, targetType: 'INCIDENT', targetId: archived.id }))).toBe('NOT_FOUND')
    expect(await db.investigationLink.count({ where: { investigationId, relation: 'RELATED', deploymentId: dep.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'investigations.linked', actorId: { in: [actors.quinn!.id, actors.ruiz!.id] } } })).toBe(0)
  })

  it('lets a detective link a medical record they may read', async () => {
    const surgery = await db.medicalRecord.findFirstOrThrow({ where: { dogId: rexId, kind: 'SURGERY' }, select: { id: true } })
    expect(await codeOf(addLink(actors.morgan!, { investigationId, targetType: 'MEDICAL_RECORD', targetId: surgery.id, relation: 'RECOVERED_FROM' }))).toBe('OK')
  })

  it('links by the number on the paperwork, with one answer for numbers that name nothing', async () => {
    const thor = await addLinkByReference(actors.morgan!, { investigationId, reference: 'k9-109', relation: 'RELATED', note: 'Thor was at the rail yard too?' })
    expect(thor.targetType).toBe('DOG')
    const row = await db.investigationLink.findUniqueOrThrow({ where: { id: thor.id }, select: { dog: { select: { name: true } }, note: true } })
    expect(row).toEqual({ dog: { name: 'Thor' }, note: 'Thor was at the rail yard too?' })
    const shotAt = await db.incident.findFirstOrThrow({ where: { locationText: { contains: 'Riverside rail yard' } }, select: { number: true } })
    expect((await addLinkByReference(actors.morgan!, { investigationId, reference: shotAt.number, relation: 'RELATED' })).targetType).toBe('INCIDENT')
    expect(await codeOf(addLinkByReference(actors.morgan!, { investigationId, reference: 'EV-1999-999999', relation: 'RELATED' }))).toBe('VALIDATION')
    // A number with `_` or `%` in place of characters names nothing (it would have linked whichever record came first).
    const links = await db.investigationLink.count({ where: { investigationId } })
    for (const reference of [shotAt.number.slice(0, -2) + '__', shotAt.number.slice(0, 5) + '%', 'K9_109', '%']) {
      expect(await codeOf(addLinkByReference(actors.morgan!, { investigationId, reference, relation: 'RELATED' })), reference).toBe('VALIDATION')
    }
    expect(await db.investigationLink.count({ where: { investigationId } })).toBe(links)
    expect(await codeOf(addLinkByReference(actors.quinn!, { investigationId, reference: 'K9-109', relation: 'LEAD' }))).toBe('NOT_FOUND')
    expect(await codeOf(addLinkByReference(actors.carter!, { investigationId, reference: 'K9-109', relation: 'LEAD' }))).toBe('FORBIDDEN')
  })

  it('records an unlinking (who, when, why) and never deletes the link', async () => {
    const dep = await shotAtDeployment()
    const link = await db.investigationLink.findFirstOrThrow({ where: { investigationId, deploymentId: dep.id, removedAt: null }, select: { id: true } })
    const rowsBefore = await db.investigationLink.count({ where: { investigationId } })
    expect(await codeOf(removeLink(actors.quinn!, { investigationId, linkId: link.id, reason: 'Not mine' }))).toBe('NOT_FOUND')
    expect(await codeOf(removeLink(actors.carter!, { investigationId, linkId: link.id, reason: 'Not mine' }))).toBe('FORBIDDEN')
    await removeLink(actors.morgan!, { investigationId, linkId: link.id, reason: 'Ruled out after the ballistics comparison.' })
    expect(await db.investigationLink.count({ where: { investigationId } })).toBe(rowsBefore)
    const row = await db.investigationLink.findUniqueOrThrow({ where: { id: link.id }, select: { removedAt: true, removedById: true, removedReason: true } })
    expect(row.removedAt).toBeInstanceOf(Date)
    expect(row).toMatchObject({ removedById: actors.morgan!.id, removedReason: 'Ruled out after the ballistics comparison.' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'investigations.unlinked' }, orderBy: { seq: 'desc' }, select: { actorId: true, details: true } })
    expect(audit).toMatchObject({ actorId: actors.morgan!.id, details: { linkId: link.id, reason: 'Ruled out after the ballistics comparison.' } })
    const inv = await getInvestigation(actors.morgan!, investigationId)
    expect(inv!.activeLinks.map((l) => l.id)).not.toContain(link.id)
    expect(inv!.removedLinks.find((l) => l.id === link.id)).toMatchObject({ removedBy: 'Det. Alex Morgan', removedReason: 'Ruled out after the ballistics comparison.' })
    expect(await codeOf(removeLink(actors.morgan!, { investigationId, linkId: link.id, reason: 'again' }))).toBe('NOT_FOUND')
    // Once removed it can be linked again.
    expect(await codeOf(addLink(actors.morgan!, { investigationId, targetType: 'DEPLOYMENT', targetId: dep.id, relation: 'LEAD' }))).toBe('OK')
  })
})

describe('case notes and new investigations', () => {
  it('adds a case note that shows on the timeline, audited', async () => {
    const note = await addCaseNote(actors.morgan!, { investigationId, body: 'Rail yard shooting is the best candidate.' })
    const t = await getTimeline(actors.morgan!, investigationId)
    expect(t!.events.at(-1)).toMatchObject({ key: `note:${note.id}`, kind: 'note', detail: 'Rail yard shooting is the best candidate.' })
    expect(await db.auditEvent.count({ where: { action: 'investigations.note_added', entityId: investigationId } })).toBe(1)
    expect(await codeOf(addCaseNote(actors.quinn!, { investigationId, body: 'x' }))).toBe('NOT_FOUND')
  })

  it('numbers new investigations from the counter, makes the creator the lead, and audits it', async () => {
    const now = new Date()
    const year = now.getUTCFullYear()
    const counter = await db.counter.findUnique({ where: { key: `investigation:${year}` }, select: { value: true } })
    const a = await createInvestigation(actors.quinn!, { title: 'Bella bitten at the fairground', summary: 'Who let the second dog loose?', memberIds: [actors.carter!.id] }, now)
    const b = await createInvestigation(actors.quinn!, { title: 'Second case', summary: 'Numbering.', memberIds: [] }, now)
    const n = (counter?.value ?? 0) + 1
    expect(a.number).toBe(`INV-${year}-${String(n).padStart(4, '0')}`)
    expect(b.number).toBe(`INV-${year}-${String(n + 1).padStart(4, '0')}`)
    const inv = await getInvestigation(actors.quinn!, a.id)
    expect(inv).toMatchObject({ status: 'OPEN', lead: { id: actors.quinn!.id }, canManage: true })
    expect(inv!.members.map((m) => m.id).sort()).toEqual([actors.quinn!.id, actors.carter!.id].sort())
    expect(await getInvestigation(actors.morgan!, a.id)).toBeNull()
    expect(await getInvestigation(actors.carter!, a.id)).not.toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'investigations.created', entityId: a.id } })).toBe(1)
  })

  it('refuses a vet as a team member and a role that may not manage investigations, writing nothing', async () => {
    const before = await db.investigation.count()
    expect(await codeOf(createInvestigation(actors.morgan!, { title: 'Bad team', summary: 'x', memberIds: [actors.hayes!.id] }))).toBe('VALIDATION')
    expect(await codeOf(createInvestigation(actors.ruiz!, { title: 'Not mine to open', summary: 'x', memberIds: [] }))).toBe('FORBIDDEN')
    expect(await db.investigation.count()).toBe(before)
  })
})

/** The text drawn in a pdf-lib PDF: its content streams inflated, hex strings decoded. */
function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1')
  const out: string[] = []
  const re = /stream\r?\n/g
  let m: RegExpExecArray | null
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length
    const end = raw.indexOf('endstream', start)
    const chunk = Buffer.from(raw.slice(start, end), 'latin1')
    let text: string
    try {
      text = inflateSync(chunk).toString('latin1')
    } catch {
      text = chunk.toString('latin1')
    }
    for (const t of text.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) out.push(Buffer.from(t[1]!, 'hex').toString('latin1'))
  }
  return out.join('\n')
}

describe('case file', () => {
  it('is a PDF with the summary, links, timeline, verified custody chain and file hashes, and its generation is audited', async () => {
    const file = await generateCaseFile(actors.morgan!, investigationId, { includeMedical: true })
    expect(file).not.toBeNull()
    expect(Buffer.from(file!.bytes.slice(0, 5)).toString()).toBe('%PDF-')
    const doc = await PDFDocument.load(file!.bytes)
    expect(doc.getPageCount()).toBe(file!.pages)
    const text = pdfText(file!.bytes)
    expect(text).toMatch(/Who shot Rex\?/)
    expect(text).toMatch(/Generated: .* by Det\. Alex Morgan/)
    expect(text).toMatch(/Chain verification: VERIFIED: all \d+ events recomputed and linked, and the head matches the item record/)
    const item = await db.evidenceItem.findFirstOrThrow({ where: { category: 'BALLISTIC' }, select: { headHash: true } })
    expect(text).toContain(item.headHash!)
    const xray = await db.attachment.findFirstOrThrow({ where: { fileName: 'rex-ribcage-closeup.png' }, select: { sha256: true } })
    expect(text).toContain(`SHA-256 ${xray.sha256}`)
    expect(text).toMatch(/verified: the stored bytes match this hash/)
    expect(text).toMatch(/Euthanasia decision/)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'investigations.case_file_generated' }, orderBy: { seq: 'desc' }, select: { actorId: true, entityId: true, details: true } })
    expect(audit).toMatchObject({ actorId: actors.morgan!.id, entityId: investigationId, details: { sha256: file!.sha256, medicalIncluded: true, pages: file!.pages } })
  })

  it('leaves medical detail out when asked, and is a 404 off the team', async () => {
    const file = await generateCaseFile(actors.morgan!, investigationId, { includeMedical: false })
    const text = pdfText(file!.bytes)
    expect(file!.medicalIncluded).toBe(false)
    expect(text).toMatch(/Medical detail: left out/)
    expect(text).not.toMatch(/Euthanasia|cardiac arrest|rex-ribcage-closeup/i)
    expect(text).toMatch(/Chain verification: VERIFIED/)
    expect(await generateCaseFile(actors.quinn!, investigationId, { includeMedical: true })).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'investigations.case_file_generated', actorId: actors.quinn!.id } })).toBe(0)
  })
})

describe('case file with a broken chain', () => {
  it('says the chain does NOT verify when an item\'s head no longer matches its events, and names the break', async () => {
    const item = await db.evidenceItem.findFirstOrThrow({ where: { category: 'BALLISTIC' }, select: { id: true, number: true, headHash: true } })
    const good = item.headHash!
    // Someone rewrites the item's head behind the application's back (as if the newest events were swapped).
    await db.evidenceItem.update({ where: { id: item.id }, data: { headHash: 'f'.repeat(64) } })
    try {
      const file = await generateCaseFile(actors.morgan!, investigationId, { includeMedical: true })
      const text = pdfText(file!.bytes)
      expect(text).toContain(item.number)
      expect(text).toMatch(/Chain verification: FAILED\. Chain broken at its head/)
      expect(text).not.toMatch(/Chain verification: VERIFIED/)
      // The event hashes are still printed so the break can be examined.
      const last = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: item.id }, orderBy: { sequence: 'desc' }, select: { hash: true } })
      expect(text).toContain(last.hash)
    } finally {
      await db.evidenceItem.update({ where: { id: item.id }, data: { headHash: good } })
    }
    // …and an event altered in place (trigger disabled by a superuser) is named by its sequence number.
    const event = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: item.id, sequence: 2 }, select: { place: true } })
    await db.$transaction([
      db.$executeRaw`ALTER TABLE "CustodyEvent" DISABLE TRIGGER ALL`,
      db.$executeRaw`UPDATE "CustodyEvent" SET "place" = 'Somewhere else' WHERE "evidenceItemId" = ${item.id}::uuid AND "sequence" = 2`,
      db.$executeRaw`ALTER TABLE "CustodyEvent" ENABLE TRIGGER ALL`,
    ])
    try {
      const text = pdfText((await generateCaseFile(actors.morgan!, investigationId, { includeMedical: true }))!.bytes)
      expect(text).toMatch(/Chain verification: FAILED\. Chain broken at event #2/)
    } finally {
      await db.$transaction([
        db.$executeRaw`ALTER TABLE "CustodyEvent" DISABLE TRIGGER ALL`,
        db.$executeRaw`UPDATE "CustodyEvent" SET "place" = ${event.place} WHERE "evidenceItemId" = ${item.id}::uuid AND "sequence" = 2`,
        db.$executeRaw`ALTER TABLE "CustodyEvent" ENABLE TRIGGER ALL`,
      ])
    }
    expect(pdfText((await generateCaseFile(actors.morgan!, investigationId, { includeMedical: true }))!.bytes)).toMatch(/Chain verification: VERIFIED/)
  })
})

describe('mentions in case notes', () => {
  it('a picked mention is a stable reference the note resolves for each reader; what a reader may not see is a "restricted record", never its title', async () => {
    const carter = actors.carter!
    // A dog Carter never handled, with a medical record (outside his medical scope), and an evidence item he never touched.
    const thor = await db.dog.create({ data: { k9Number: 'K9-MEN-1', name: 'Mentionable Thor', breed: 'Malinois', sex: 'MALE', dateOfBirth: new Date('2020-01-01'), specialties: ['PATROL'] }, select: { id: true } })
    const exam = await db.medicalRecord.create({
      data: { dogId: thor.id, kind: 'EXAM', occurredAt: new Date('2026-10-01T10:00:00Z'), clinic: 'Hidden Clinic', veterinarianId: actors.hayes!.id, diagnosis: 'Secret diagnosis' },
      select: { id: true },
    })
    const hidden = await db.evidenceItem.create({
      data: { number: 'EV-MEN-000001', description: 'Hidden item', category: 'OTHER', collectedAt: new Date(), collectedById: actors.evans!.id, collectedAtPlace: 'Room', currentCustodianId: actors.evans!.id },
      select: { id: true },
    })
    const fragment = await db.evidenceItem.findFirstOrThrow({ where: { category: 'BALLISTIC' }, select: { id: true, number: true } })
    const deployment = await db.deployment.findFirstOrThrow({ where: { dogId: rexId, exposures: { has: 'SHOT_AT' } }, select: { id: true, incident: { select: { number: true } } } })
    const lab = await db.labResult.findFirstOrThrow({ select: { id: true } })
    const xray = await db.attachment.findFirstOrThrow({ where: { fileName: 'rex-ribcage-closeup.png' }, select: { id: true } })

    // The picker finds records without numbers too, only those the detective may read, and only on a case they sit on.
    const found = await searchMentionsFor(actors.morgan!, investigationId, 'Rex')
    for (const kind of ['dog', 'deployment', 'medical', 'attachment']) expect(found!.map((r) => r.type), kind).toContain(kind)
    expect((await searchMentionsFor(actors.morgan!, investigationId, 'Secret diagnosis'))!.map((r) => r.id)).toEqual([exam.id])
    expect((await searchMentionsFor(actors.morgan!, investigationId, 'projectile'))!.map((r) => r.type)).toContain('lab')
    expect(await searchMentionsFor(actors.quinn!, investigationId, 'Rex')).toBeNull() // not on this case
    expect(await searchMentionsFor(carter, investigationId, 'Rex')).toBeNull() // on the team, but may not write notes
    expect(await searchMentionsFor(actors.morgan!, '00000000-0000-4000-8000-000000000000', 'Rex')).toBeNull()

    const body = [
      `Compare ${mentionToken('medical', exam.id, 'Thor exam: Secret diagnosis')}`,
      `with ${mentionToken('dog', rexId, 'K-9 Rex')} at ${mentionToken('deployment', deployment.id, 'Rex at the rail yard')},`,
      `${mentionToken('attachment', xray.id, 'the close-up X-ray')}, ${mentionToken('evidence', fragment.id, 'the fragment')}, ${mentionToken('lab', lab.id, 'the lab result')}`,
      `and ${mentionToken('evidence', hidden.id, 'Hidden item label')}.`,
    ].join(' ')
    expect(parseNote(body).filter((s) => s.kind === 'mention')).toHaveLength(7)
    await addCaseNote(actors.morgan!, { investigationId, body })

    // The detective (lead) resolves every mention to its current title and page.
    const forMorgan = await resolveMentions(actors.morgan!, [body])
    expect(forMorgan.get(mentionKey('medical', exam.id))).toEqual({ title: expect.stringMatching(/^Exam · K-9 Mentionable Thor/), href: `/medical/${exam.id}` })
    expect(forMorgan.get(mentionKey('dog', rexId))).toEqual({ title: 'K-9 Rex (K9-101)', href: `/dogs/${rexId}` })
    expect(forMorgan.get(mentionKey('deployment', deployment.id))?.title).toBe(`K-9 Rex at ${deployment.incident.number}`)
    expect(forMorgan.get(mentionKey('evidence', fragment.id))?.title).toMatch(new RegExp(`^${fragment.number}`))
    expect(forMorgan.size).toBe(7)

    // Carter (on the team, an officer) may not see Thor's medical record or the item he never touched.
    const forCarter = await resolveMentions(carter, [body])
    expect(forCarter.has(mentionKey('medical', exam.id))).toBe(false)
    expect(forCarter.has(mentionKey('evidence', hidden.id))).toBe(false)
    expect(forCarter.has(mentionKey('dog', rexId))).toBe(true)
    const asCarterReads = noteAsText(body, forCarter)
    expect(asCarterReads).toContain('Compare [restricted record] with K-9 Rex (K9-101)')
    expect(asCarterReads).toMatch(/and \[restricted record\]\.$/)
    expect(asCarterReads).not.toMatch(/Thor|Secret|Hidden|EV-MEN/)
    // The timeline shows him the same.
    const timeline = await getTimeline(carter, investigationId)
    const note = timeline!.events.filter((e) => e.kind === 'note').at(-1)!
    expect(note.detail).toBe(asCarterReads)

    // A case file without medical detail does not name the medical record either.
    const text = pdfText((await generateCaseFile(actors.morgan!, investigationId, { includeMedical: false }))!.bytes)
    expect(text).toContain('Compare [restricted record] with K-9 Rex (K9-101)')
    expect(text).not.toMatch(/Mentionable Thor|Secret diagnosis/)
    // A mention of a record that does not exist reads the same as one the reader may not see.
    const ghost = mentionToken('dog', '00000000-0000-4000-8000-000000000000', 'Ghost dog')
    expect(noteAsText(ghost, await resolveMentions(actors.morgan!, [ghost]))).toBe('[restricted record]')
  })
})

describe('status and team', () => {
  it('lets the lead manage the team; others may not; a vet cannot join', async () => {
    const inv = await createInvestigation(actors.quinn!, { title: 'Team test', summary: 'Who is on it.', memberIds: [] })
    expect(await getInvestigation(actors.evans!, inv.id)).toBeNull()
    await addTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.evans!.id })
    expect(await getInvestigation(actors.evans!, inv.id)).not.toBeNull()
    expect(await codeOf(addTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.evans!.id }))).toBe('CONFLICT')
    expect(await codeOf(addTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.hayes!.id }))).toBe('VALIDATION')
    expect(await codeOf(addTeamMember(actors.morgan!, { investigationId: inv.id, userId: actors.carter!.id }))).toBe('NOT_FOUND')
    await addTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.morgan!.id })
    // A detective on the team may work on the case but not change who is on it.
    expect(await codeOf(addTeamMember(actors.morgan!, { investigationId: inv.id, userId: actors.carter!.id }))).toBe('FORBIDDEN')
    expect(await codeOf(removeTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.quinn!.id }))).toBe('CONFLICT')
    await removeTeamMember(actors.quinn!, { investigationId: inv.id, userId: actors.evans!.id })
    expect(await getInvestigation(actors.evans!, inv.id)).toBeNull()
    expect(await db.auditEvent.count({ where: { entityId: inv.id, action: { in: ['investigations.member_added', 'investigations.member_removed'] } } })).toBe(3)
  })

  it('takes team members typed by name or e-mail, as the forms post them, and names each one it cannot take', async () => {
    const form = (extra: Record<string, string>) => CreateInvestigationSchema.parse({ title: 'Typed team', summary: 'Who is on it, typed.', ...extra })
    const inv = await createInvestigation(actors.quinn!, form({ 'members.0': 'officer luke carter', 'members.1': '', 'members.2': 'Tech. Maria Evans (evans@k9.test)' }))
    const members = await db.investigationMember.findMany({ where: { investigationId: inv.id }, select: { userId: true } })
    expect(members.map((m) => m.userId).sort()).toEqual([actors.quinn!.id, actors.carter!.id, actors.evans!.id].sort())

    const before = await db.investigation.count()
    const refused = await codeAndErrors(createInvestigation(actors.quinn!, form({ 'members.0': 'hayes@k9.test', 'members.1': 'Nobody Atall', 'members.2': 'ruiz@k9.test' })))
    expect(refused).toEqual({
      code: 'VALIDATION',
      fieldErrors: {
        'members.0': ['No active officer, detective, evidence technician or supervisor has the name or e-mail “hayes@k9.test”.'],
        'members.1': ['No active officer, detective, evidence technician or supervisor has the name or e-mail “Nobody Atall”.'],
      },
    })
    expect(await db.investigation.count()).toBe(before)

    const added = AddTeamMemberSchema.parse({ investigationId: inv.id, person: 'Morgan' })
    expect((await codeAndErrors(addTeamMember(actors.quinn!, added))).fieldErrors).toEqual({ person: ['No active officer, detective, evidence technician or supervisor has the name or e-mail “Morgan”.'] })
    await addTeamMember(actors.quinn!, AddTeamMemberSchema.parse({ investigationId: inv.id, person: 'morgan@k9.test' }))
    expect(await getInvestigation(actors.morgan!, inv.id)).not.toBeNull()
    expect(AddTeamMemberSchema.safeParse({ investigationId: inv.id, person: ' ' }).error?.issues[0]).toMatchObject({ path: ['person'], message: 'Enter the person’s name or e-mail address.' })
  })

  it('closes with a disposition and refuses a stale version', async () => {
    const inv = await createInvestigation(actors.quinn!, { title: 'Status test', summary: 'Open and close.', memberIds: [] })
    await changeInvestigationStatus(actors.quinn!, { investigationId: inv.id, status: 'ACTIVE', version: 1 })
    expect(await codeOf(changeInvestigationStatus(actors.quinn!, { investigationId: inv.id, status: 'SUSPENDED', version: 1 }))).toBe('CONFLICT')
    await changeInvestigationStatus(actors.quinn!, { investigationId: inv.id, status: 'CLOSED', disposition: 'No offence identified.', version: 2 })
    const closed = await getInvestigation(actors.quinn!, inv.id)
    expect(closed).toMatchObject({ status: 'CLOSED', disposition: 'No offence identified.', version: 3 })
    expect(closed!.closedAt).toBeInstanceOf(Date)
    // A closed investigation takes no new links or notes until reopened.
    expect(await codeOf(addCaseNote(actors.quinn!, { investigationId: inv.id, body: 'late' }))).toBe('CONFLICT')
    await changeInvestigationStatus(actors.quinn!, { investigationId: inv.id, status: 'OPEN', version: 3 })
    expect(await getInvestigation(actors.quinn!, inv.id)).toMatchObject({ status: 'OPEN', disposition: null, closedAt: null })
    expect(await codeOf(changeInvestigationStatus(actors.ruiz!, { investigationId: inv.id, status: 'ACTIVE', version: 4 }))).toBe('FORBIDDEN')
    expect(await db.auditEvent.count({ where: { entityId: inv.id, action: 'investigations.status_changed' } })).toBe(3)
  })
})

describe('the timeline’s detail reads what is stored (one statement, against the Prisma reads it replaced)', () => {
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id))

  it('returns every kind of record the timeline shows with the fields, names and dates Prisma read', async () => {
    // An incident with 22 deployments: its first 20 come, oldest first (the 21st and 22nd are the latest).
    const dogs = await db.dog.createManyAndReturn({
      data: Array.from({ length: 22 }, (_, i) => ({ k9Number: `K9-DT${i}`, name: `Detail ${String(i).padStart(2, '0')}`, breed: 'Beagle', sex: 'MALE' as const, dateOfBirth: new Date('2022-01-01') })),
      select: { id: true },
    })
    const handler = await db.handler.findFirstOrThrow({ select: { id: true } })
    const crowded = await db.incident.create({
      data: { number: 'INC-T-DETAIL', type: 'PURSUIT', occurredAt: new Date('2026-03-01T10:00:00Z'), locationText: 'Detail Street', weather: null, narrative: 'Many deployments.', reportingOfficerId: actors.carter!.id },
      select: { id: true, occurredAt: true },
    })
    await db.deployment.createMany({
      data: Array.from({ length: 22 }, (_, i) => ({
        incidentId: crowded.id,
        incidentOccurredAt: crowded.occurredAt,
        dogId: dogs[i]!.id,
        handlerId: handler.id,
        task: 'TRACK' as const,
        outcome: 'NO_FIND' as const,
        exposures: i % 3 === 0 ? (['HEAT', 'SMOKE'] as const).slice() : [],
        exposureNotes: i % 2 ? `note ${i}` : null,
        deployedAt: new Date(Date.UTC(2026, 2, 1, 10, 21 - i)),
        loggedById: actors.carter!.id,
      })),
    })

    const ids = {
      incidents: (await db.incident.findMany({ select: { id: true } })).map((r) => r.id),
      deployments: (await db.deployment.findMany({ select: { id: true } })).map((r) => r.id),
      medical: (await db.medicalRecord.findMany({ select: { id: true } })).map((r) => r.id),
      attachments: (await db.attachment.findMany({ select: { id: true } })).map((r) => r.id),
      items: (await db.evidenceItem.findMany({ select: { id: true } })).map((r) => r.id),
      custody: (await db.custodyEvent.findMany({ select: { id: true } })).map((r) => r.id),
      labs: (await db.labResult.findMany({ select: { id: true } })).map((r) => r.id),
      notes: (await db.caseNote.findMany({ select: { id: true } })).map((r) => r.id),
    }
    const read = await readTimelineDetail(ids)

    // The Prisma reads round 3 made before (the incident's deployments with an id to break ties).
    const expected = {
      incidents: await db.incident.findMany({
        where: { id: { in: ids.incidents } },
        select: {
          id: true, number: true, type: true, occurredAt: true, locationText: true, weather: true,
          deployments: { orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }], take: 20, select: { id: true, task: true, outcome: true, exposures: true, exposureNotes: true, dog: { select: { name: true } } } },
        },
      }),
      deployments: await db.deployment.findMany({
        where: { id: { in: ids.deployments } },
        select: {
          id: true, deployedAt: true, task: true, outcome: true, exposures: true, exposureNotes: true, injuryObserved: true, injuryDescription: true,
          dog: { select: { id: true, name: true } }, handler: { select: { firstName: true, lastName: true } }, incident: { select: { id: true, number: true, type: true, locationText: true } },
        },
      }),
      medical: await db.medicalRecord.findMany({
        where: { id: { in: ids.medical } },
        select: { id: true, kind: true, occurredAt: true, diagnosis: true, findings: true, outcome: true, decisionOutcome: true, decisionReason: true, complications: true, dog: { select: { name: true } }, veterinarian: { select: { name: true } } },
      }),
      attachments: await db.attachment.findMany({ where: { id: { in: ids.attachments } }, select: { id: true, fileName: true, description: true, modality: true, view: true, bodyRegion: true, sha256: true, capturedAt: true, createdAt: true } }),
      items: await db.evidenceItem.findMany({ where: { id: { in: ids.items } }, select: { id: true, number: true, description: true, collectedAt: true, collectedAtPlace: true, collectedBy: { select: { name: true } } } }),
      custody: await db.custodyEvent.findMany({
        where: { id: { in: ids.custody } },
        select: {
          id: true, sequence: true, action: true, place: true, labName: true, purpose: true, sealIntact: true, notes: true,
          evidenceItem: { select: { id: true, number: true } }, actor: { select: { name: true } }, fromUser: { select: { name: true } }, toUser: { select: { name: true } }, location: { select: { code: true } },
        },
      }),
      labs: await db.labResult.findMany({
        where: { id: { in: ids.labs } },
        select: { id: true, reportedAt: true, examiner: true, conclusion: true, findings: true, request: { select: { lab: true, labReference: true, evidenceItem: { select: { id: true, number: true } } } } },
      }),
      notes: await db.caseNote.findMany({ where: { id: { in: ids.notes } }, select: { id: true, body: true, createdAt: true, author: { select: { name: true } } } }),
    }

    for (const kind of Object.keys(expected) as Array<keyof typeof expected>) {
      // Every kind is in the reference case (a test of nothing would pass).
      expect(expected[kind].length, kind).toBeGreaterThan(0)
      expect(byId(read[kind] as Array<{ id: string }>), kind).toEqual(byId(expected[kind] as Array<{ id: string }>))
    }
    const incident = read.incidents.find((i) => i.id === crowded.id)!
    expect(incident.deployments).toHaveLength(20)
    expect(incident.deployments.map((d) => d.exposureNotes).slice(0, 3)).toEqual(['note 21', null, 'note 19'])
    expect(incident.occurredAt).toEqual(new Date('2026-03-01T10:00:00Z'))
    // The nullable parts were compared both ways: custody with and without people and a place, images with and without a capture time.
    expect(read.custody.some((c) => c.fromUser === null) && read.custody.some((c) => c.fromUser !== null)).toBe(true)
    expect(read.custody.some((c) => c.location === null) && read.custody.some((c) => c.location !== null)).toBe(true)
    expect(read.attachments.every((a) => a.createdAt instanceof Date)).toBe(true)

    // Nothing asked: nothing read.
    expect(await readTimelineDetail({ incidents: [], deployments: [], medical: [], attachments: [], items: [], custody: [], labs: [], notes: [] })).toEqual({ incidents: [], deployments: [], medical: [], attachments: [], items: [], custody: [], labs: [], notes: [] })
    // Only what was asked: one medical record.
    const one = await readTimelineDetail({ ...ids, incidents: [], deployments: [], attachments: [], items: [], custody: [], labs: [], notes: [], medical: ids.medical.slice(0, 1) })
    expect(one.medical.map((m) => m.id)).toEqual(ids.medical.slice(0, 1))
    expect(one.incidents).toEqual([])

    await db.deployment.deleteMany({ where: { incidentId: crowded.id } })
    await db.incident.delete({ where: { id: crowded.id } })
    await db.dog.deleteMany({ where: { id: { in: dogs.map((d) => d.id) } } })
  })
})

describe('the timeline’s investigation and links read what is stored (one statement, against the Prisma read with investigationScope)', () => {
  it('answers every person for every investigation as the scope does: the same links, oldest first, removed ones left out; archived and out of scope read as none', async () => {
    // Quinn's own case, with Carter on the team, a removed link and an active one; and an archived case led by Morgan.
    const own = await createInvestigation(actors.quinn!, { title: 'Scope oracle', summary: 'Read by its lead and team only.', memberIds: [actors.carter!.id] })
    await db.investigationLink.createMany({
      data: [
        { investigationId: own.id, targetType: 'DOG', relation: 'SUBJECT', dogId: rexId, createdById: actors.quinn!.id, createdAt: new Date('2026-01-02T00:00:00Z') },
        { investigationId: own.id, targetType: 'DOG', relation: 'RELATED', dogId: rexId, createdById: actors.quinn!.id, createdAt: new Date('2026-01-01T00:00:00Z'), removedAt: new Date('2026-01-03T00:00:00Z'), removedById: actors.quinn!.id, removedReason: 'Wrong dog' },
      ],
    })
    const archived = await createInvestigation(actors.morgan!, { title: 'Archived oracle', summary: 'Archived.', memberIds: [] })
    await db.investigation.update({ where: { id: archived.id }, data: { archivedAt: new Date() } })

    const investigations = await db.investigation.findMany({ select: { id: true } })
    let seen = 0
    for (const who of Object.keys(actors)) {
      const actor = actors[who]!
      const scope = investigationScope(actor)
      for (const { id } of [...investigations, { id: '00000000-0000-7000-8000-000000000000' }]) {
        const expected = scope
          ? await db.investigation.findFirst({
              where: { AND: [{ id }, scope] },
              select: {
                id: true, number: true, openedAt: true, lead: { select: { name: true } },
                links: {
                  where: { removedAt: null },
                  orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
                  take: 500,
                  select: { targetType: true, relation: true, incidentId: true, deploymentId: true, dogId: true, handlerId: true, medicalRecordId: true, attachmentId: true, evidenceItemId: true, labResultId: true },
                },
              },
            })
          : null
        expect(await readTimelineCase(actor, id), `${who} ${id}`).toEqual(expected)
        if (expected) seen++
      }
    }
    // Some of each answer was compared: the supervisor reads all but the archived one, Quinn only his own, a vet none.
    expect(seen).toBeGreaterThan(investigations.length)
    expect(await readTimelineCase(actors.ruiz!, archived.id)).toBeNull()
    expect(await readTimelineCase(actors.morgan!, own.id)).toBeNull()
    expect((await readTimelineCase(actors.carter!, own.id))!.links).toEqual([expect.objectContaining({ targetType: 'DOG', relation: 'SUBJECT', dogId: rexId })])
    expect(await readTimelineCase(actors.evans!, investigationId)).toBeNull()
    expect((await readTimelineCase(actors.morgan!, investigationId))!.links.length).toBeGreaterThan(3)
  })
})


describe('the investigation page reads what is stored (one statement, against the Prisma reads it replaced)', () => {
  const TARGET = {
    incident: { select: { id: true, number: true, type: true, occurredAt: true, locationText: true } },
    deployment: { select: { id: true, deployedAt: true, task: true, outcome: true, exposures: true, dog: { select: { id: true, name: true } }, incident: { select: { id: true, number: true, type: true, locationText: true } } } },
    dog: { select: { id: true, name: true, k9Number: true, breed: true } },
    handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } },
    medicalRecord: { select: { id: true, kind: true, occurredAt: true, clinic: true, dogId: true, dog: { select: { name: true } } } },
    attachment: { select: { id: true, fileName: true, description: true, modality: true, sha256: true, capturedAt: true, createdAt: true, medicalRecord: { select: { dogId: true } } } },
    evidenceItem: { select: { id: true, number: true, description: true, category: true, collectedAt: true } },
    labResult: { select: { id: true, conclusion: true, reportedAt: true, request: { select: { lab: true, evidenceItem: { select: { id: true, number: true } } } } } },
  } as const
  const LINK = { id: true, targetType: true, relation: true, note: true, createdAt: true, createdBy: { select: { name: true } }, removedAt: true, removedReason: true, removedBy: { select: { name: true } }, ...TARGET } as const

  /** What getInvestigation read through Prisma before (session 10): the investigation, the window of links, the counts and the mentionable numbers. */
  async function oracle(actor: Actor, id: string, window: { perType: number; expand: string | null; removedMax: number } | null) {
    const scope = investigationScope(actor)
    if (!scope) return null
    const inv = await db.investigation.findFirst({
      where: { AND: [{ id }, scope] },
      select: {
        id: true, number: true, title: true, status: true, disposition: true, summary: true, openedAt: true, closedAt: true, version: true,
        lead: { select: { id: true, name: true, role: true } },
        members: { orderBy: [{ addedAt: 'asc' }, { userId: 'asc' }], take: 100, select: { addedAt: true, user: { select: { id: true, name: true, role: true } } } },
        notes: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 500, select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } } },
      },
    })
    if (!inv) return null
    const all = await db.investigationLink.findMany({ where: { investigationId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: LINK })
    const rank = new Map<string, number>()
    const seen = new Map<string, number>()
    for (const l of all) {
      const key = `${l.targetType} ${l.removedAt !== null}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
      rank.set(l.id, seen.get(key)!)
    }
    const links = window
      ? all.filter((l) => (l.removedAt !== null ? rank.get(l.id)! <= window.removedMax : rank.get(l.id)! <= window.perType || l.targetType === window.expand))
      : all.slice(0, 500)
    const counts: Record<string, number> = {}
    for (const l of all) if (l.removedAt === null) counts[l.targetType] = (counts[l.targetType] ?? 0) + 1
    const references =
      window && inv.notes.length
        ? all.flatMap((l) => {
            if (l.removedAt !== null) return []
            if (l.incident) return [{ token: l.incident.number, ref: `incident:${l.incident.id}` }]
            if (l.dog) return [{ token: l.dog.k9Number, ref: `dog:${l.dog.id}` }]
            if (l.handler) return [{ token: l.handler.badgeNumber, ref: `handler:${l.handler.id}` }]
            if (l.evidenceItem) return [{ token: l.evidenceItem.number, ref: `evidence:${l.evidenceItem.id}` }]
            return []
          })
        : null
    return { ...inv, links, counts, references }
  }

  it('answers every person for every investigation and window as Prisma did: links of every type with their records, removed ones, counts and numbers', async () => {
    // A case with a link of every type, two of some, a removed one, and an image with and without a medical record; and a note.
    const own = await createInvestigation(actors.morgan!, { title: 'Page oracle', summary: 'Every kind of link.', memberIds: [actors.carter!.id] })
    const pick = async () => ({
      incident: (await db.incident.findFirstOrThrow({ select: { id: true } })).id,
      deployment: (await db.deployment.findFirstOrThrow({ select: { id: true } })).id,
      handler: (await db.handler.findFirstOrThrow({ select: { id: true } })).id,
      medical: (await db.medicalRecord.findFirstOrThrow({ select: { id: true } })).id,
      medicalImage: (await db.attachment.findFirstOrThrow({ where: { medicalRecordId: { not: null } }, select: { id: true } })).id,
      // A photo of an incident (no medical record behind it).
      otherImage: (
        await db.attachment.create({
          data: { fileName: 'scene.jpg', mediaType: 'image/jpeg', sizeBytes: 10, sha256: 'a'.repeat(64), blobKey: 'oracle/scene', uploadedById: actors.carter!.id, incidentId: (await db.incident.findFirstOrThrow({ select: { id: true } })).id },
          select: { id: true },
        })
      ).id,
      item: (await db.evidenceItem.findFirstOrThrow({ select: { id: true } })).id,
      lab: (await db.labResult.findFirstOrThrow({ select: { id: true } })).id,
    })
    const t = await pick()
    const by = actors.morgan!.id
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m))
    await db.investigationLink.createMany({
      data: [
        { investigationId: own.id, targetType: 'INCIDENT', relation: 'LEAD', incidentId: t.incident, note: 'First', createdById: by, createdAt: at(1) },
        { investigationId: own.id, targetType: 'DEPLOYMENT', relation: 'RELATED', deploymentId: t.deployment, createdById: by, createdAt: at(2) },
        { investigationId: own.id, targetType: 'DOG', relation: 'SUBJECT', dogId: rexId, createdById: by, createdAt: at(3) },
        { investigationId: own.id, targetType: 'HANDLER', relation: 'RELATED', handlerId: t.handler, createdById: by, createdAt: at(4) },
        { investigationId: own.id, targetType: 'MEDICAL_RECORD', relation: 'INJURED_DURING', medicalRecordId: t.medical, createdById: by, createdAt: at(5) },
        { investigationId: own.id, targetType: 'ATTACHMENT', relation: 'IMAGED_IN', attachmentId: t.medicalImage, createdById: by, createdAt: at(6) },
        { investigationId: own.id, targetType: 'ATTACHMENT', relation: 'RELATED', attachmentId: t.otherImage, createdById: by, createdAt: at(7) },
        { investigationId: own.id, targetType: 'EVIDENCE_ITEM', relation: 'RECOVERED_FROM', evidenceItemId: t.item, createdById: by, createdAt: at(8) },
        { investigationId: own.id, targetType: 'LAB_RESULT', relation: 'RELATED', labResultId: t.lab, createdById: by, createdAt: at(9) },
        { investigationId: own.id, targetType: 'DOG', relation: 'RELATED', dogId: rexId, createdById: by, createdAt: at(10), removedAt: at(11), removedById: by, removedReason: 'Twice' },
        { investigationId: own.id, targetType: 'INCIDENT', relation: 'RELATED', incidentId: t.incident, createdById: by, createdAt: at(12) },
      ],
    })
    await db.caseNote.create({ data: { investigationId: own.id, authorId: by, body: 'See the incident.' } })

    const investigations = await db.investigation.findMany({ select: { id: true } })
    const windows = [null, { perType: 10, expand: null, removedMax: 100 }, { perType: 1, expand: 'INCIDENT' as const, removedMax: 100 }, { perType: 1, expand: null, removedMax: 0 }]
    const types = new Set<string>()
    let compared = 0
    for (const who of Object.keys(actors)) {
      for (const { id } of investigations) {
        for (const window of windows) {
          const expected = await oracle(actors[who]!, id, window)
          const read = await readInvestigation(actors[who]!, id, window)
          expect(read && { ...read, links: read.links, references: read.references && [...read.references].sort((a, b) => a.ref.localeCompare(b.ref)) }, `${who} ${id} ${JSON.stringify(window)}`).toEqual(
            expected && { ...expected, references: expected.references && [...expected.references].sort((a, b) => a.ref.localeCompare(b.ref)) },
          )
          if (expected) {
            compared++
            for (const l of expected.links) types.add(l.targetType + (l.removedAt ? ' removed' : ''))
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(investigations.length * windows.length)
    expect([...types]).toEqual(expect.arrayContaining(['ATTACHMENT', 'DEPLOYMENT', 'DOG', 'DOG removed', 'EVIDENCE_ITEM', 'HANDLER', 'INCIDENT', 'LAB_RESULT', 'MEDICAL_RECORD']))
    // The window: one incident shown of two unless expanded; no removed link with none allowed; numbers only with notes.
    const narrow = (await readInvestigation(actors.morgan!, own.id, { perType: 1, expand: null, removedMax: 0 }))!
    expect(narrow.links.filter((l) => l.targetType === 'INCIDENT')).toHaveLength(1)
    expect(narrow.links.some((l) => l.removedAt)).toBe(false)
    expect(narrow.counts).toMatchObject({ INCIDENT: 2, DOG: 1 })
    expect(narrow.references).toEqual(expect.arrayContaining([{ token: expect.any(String), ref: `dog:${rexId}` }]))
    expect((await readInvestigation(actors.morgan!, own.id, null))!.references).toBeNull()
    expect(await readInvestigation(actors.quinn!, own.id, null)).toBeNull()
  })
})
