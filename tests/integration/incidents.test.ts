import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import type { Prisma } from '@/lib/generated/prisma/client'
import { AppError, isAppError } from '@/lib/errors'
import { AddDeploymentSchema, ChangeIncidentStatusSchema, EditDeploymentSchema, EditIncidentSchema, LogIncidentSchema, type LogIncidentInput } from '@/lib/schemas/incidents'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { addDeployment, closeIncident, editDeployment, editIncident, logIncident, reopenIncident } from '@/lib/server/incidents/commands'
import { getIncident, getIncidentForEdit, listIncidents } from '@/lib/server/incidents/queries'
import { mayUploadTo } from '@/lib/server/uploads/targets'
import { ListIncidentsSchema } from '@/lib/schemas/incidents'

/**
 * Incidents and deployments (issue 4): who may log and edit, the number from
 * the Counter table, all-or-nothing saves, double submission, the version
 * conflict, and the audit row written with each change. Fixtures are built
 * here, in this file's own database (tests/helpers/test-db.ts).
 */

const actors = {} as Record<'carter' | 'sharp' | 'daniels' | 'ruiz' | 'hayes' | 'evans' | 'morgan' | 'admin', Actor>
let rex: string
let bella: string
let nova: string
const handlers = {} as Record<'carter' | 'sharp' | 'daniels', string>

async function makeUser(key: keyof typeof actors, role: Role, handler?: { badge: string; first: string; last: string }) {
  const u = await db.user.create({ data: { email: `${key}@inc.test`, name: `${role} ${key}`, role, passwordHash: 'not-a-hash' }, select: { id: true, email: true, name: true, role: true } })
  let handlerId: string | null = null
  if (handler) {
    handlerId = (await db.handler.create({ data: { badgeNumber: handler.badge, firstName: handler.first, lastName: handler.last, rank: 'Officer', unit: 'K-9', userId: u.id }, select: { id: true } })).id
  }
  actors[key] = { ...u, handlerId, sessionId: null, ip: null, userAgent: null }
  return handlerId
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

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected an AppError')
}

/** The incident form as the browser posts it (flat names), parsed by the action's own schema. */
function form(extra: Record<string, string | string[]> = {}): LogIncidentInput {
  return LogIncidentSchema.parse({
    idempotencyKey: randomUUID(),
    type: 'KIDNAPPING',
    occurredAt: '2026-11-11T22:40',
    locationText: 'Abandoned factory, Mill Lane',
    weather: 'Night, heavy rain',
    narrative: 'Child held in an abandoned factory. A masked man swung a metal pipe at Officer Carter; Rex took the blow, tracked and found the child and took down the suspect.',
    officerIds: [handlers.carter],
    'deployments.0.dogId': rex,
    'deployments.0.task': 'TRACK',
    'deployments.0.outcome': 'APPREHENDED',
    'deployments.0.exposures': 'STRUCK',
    'deployments.0.exposureNotes': 'Struck once on the left rib cage by a metal pipe.',
    ...extra,
  })
}

const counts = async () => ({ incidents: await db.incident.count(), deployments: await db.deployment.count(), alerts: await db.alert.count(), audits: await db.auditEvent.count() })

beforeAll(async () => {
  handlers.carter = (await makeUser('carter', 'OFFICER', { badge: 'B-1047', first: 'Luke', last: 'Carter' }))!
  handlers.sharp = (await makeUser('sharp', 'OFFICER', { badge: 'B-1102', first: 'Dana', last: 'Sharp' }))!
  handlers.daniels = (await makeUser('daniels', 'OFFICER', { badge: 'B-1150', first: 'Sam', last: 'Daniels' }))!
  await makeUser('ruiz', 'SUPERVISOR')
  await makeUser('hayes', 'VETERINARIAN')
  await makeUser('evans', 'EVIDENCE_TECH')
  await makeUser('morgan', 'DETECTIVE')
  await makeUser('admin', 'ADMIN')
  const dog = (k9Number: string, name: string) =>
    db.dog.create({ data: { k9Number, name, breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-03-01'), specialties: ['PATROL'] }, select: { id: true } }).then((d) => d.id)
  rex = await dog('K9-101', 'Rex')
  bella = await dog('K9-107', 'Bella')
  nova = await dog('K9-121', 'Nova')
  await db.handlerAssignment.create({ data: { dogId: rex, handlerId: handlers.carter, startedAt: new Date('2021-01-01'), openDogId: rex } })
  await db.handlerAssignment.create({ data: { dogId: bella, handlerId: handlers.sharp, startedAt: new Date('2023-01-01'), openDogId: bella } })
  // Nova has no current handler.
})

describe('logging an incident', () => {
  it('saves the incident, its deployments and officers with a YYYY-NNNNNN number, and audits it', async () => {
    const created = await logIncident(actors.carter, form({ 'deployments.1.dogId': bella, 'deployments.1.task': 'SEARCH', 'deployments.1.outcome': 'NO_FIND' }))
    expect(created.number).toMatch(/^2026-\d{6}$/)
    expect(created.duplicate).toBe(false)
    const incident = await db.incident.findUniqueOrThrow({
      where: { id: created.id },
      select: { reportingOfficerId: true, weather: true, officers: { select: { handlerId: true } }, deployments: { orderBy: { createdAt: 'asc' }, select: { dogId: true, handlerId: true, exposures: true, exposureNotes: true, deployedAt: true, loggedById: true } }, occurredAt: true },
    })
    expect(incident.reportingOfficerId).toBe(actors.carter.id)
    expect(incident.occurredAt.toISOString()).toBe('2026-11-11T22:40:00.000Z')
    // The handler defaults to each dog's current one, and both handlers are listed as officers.
    const byDog = new Map(incident.deployments.map((d) => [d.dogId, d]))
    expect(byDog.get(rex)).toMatchObject({ handlerId: handlers.carter, exposures: ['STRUCK'], loggedById: actors.carter.id })
    expect(byDog.get(rex)!.deployedAt.toISOString()).toBe('2026-11-11T22:40:00.000Z')
    expect(byDog.get(bella)).toMatchObject({ handlerId: handlers.sharp, exposures: [] })
    expect(incident.officers.map((o) => o.handlerId).sort()).toEqual([handlers.carter, handlers.sharp].sort())
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'incidents.logged', entityId: created.id }, select: { actorId: true, outcome: true, details: true } })
    expect(audit).toMatchObject({ actorId: actors.carter.id, outcome: 'SUCCESS', details: { number: created.number } })
  })

  it('opens a vet check for each deployment with an exposure, in the same transaction', async () => {
    const created = await logIncident(actors.carter, form({ 'deployments.1.dogId': bella, 'deployments.1.task': 'SEARCH', 'deployments.1.outcome': 'NO_FIND' }))
    const alerts = await db.alert.findMany({ where: { deployment: { incidentId: created.id } }, select: { kind: true, status: true, dogId: true } })
    expect(alerts).toEqual([{ kind: 'VET_CHECK_DUE', status: 'OPEN', dogId: rex }]) // Bella had no exposure
    // An exposure added later by an edit opens Bella's too.
    const dep = await db.deployment.findFirstOrThrow({ where: { incidentId: created.id, dogId: bella }, select: { id: true } })
    await editDeployment(actors.carter, EditDeploymentSchema.parse({ incidentId: created.id, deploymentId: dep.id, version: '1', dogId: bella, task: 'SEARCH', outcome: 'NO_FIND', exposures: 'FALL' }))
    expect(await db.alert.count({ where: { deploymentId: dep.id, kind: 'VET_CHECK_DUE' } })).toBe(1)
  })

  it('numbers incidents consecutively from the Counter table', async () => {
    const a = await logIncident(actors.carter, form())
    const b = await logIncident(actors.ruiz, form())
    expect(Number(b.number.slice(5))).toBe(Number(a.number.slice(5)) + 1)
    expect((await db.counter.findUniqueOrThrow({ where: { key: 'incident:2026' } })).value).toBe(Number(b.number.slice(5)))
  })

  it('is allowed to officers and supervisors and refused to every other role', async () => {
    for (const who of ['carter', 'ruiz'] as const) expect(await codeOf(logIncident(actors[who], form())), who).toBe('OK')
    const before = await counts()
    for (const who of ['hayes', 'evans', 'morgan', 'admin'] as const) expect(await codeOf(logIncident(actors[who], form())), who).toBe('FORBIDDEN')
    expect(await counts()).toEqual(before)
  })

  it('creates one incident when the same form is submitted twice, one after the other or at once', async () => {
    const input = form()
    const first = await logIncident(actors.carter, input)
    const again = await logIncident(actors.carter, input)
    expect(again).toEqual({ ...first, duplicate: true })
    const racing = form()
    const before = await db.incident.count()
    const results = await Promise.all([logIncident(actors.carter, racing), logIncident(actors.carter, racing), logIncident(actors.carter, racing)])
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
    expect(await db.incident.count()).toBe(before + 1)
    expect(await db.auditEvent.count({ where: { action: 'incidents.logged', details: { path: ['idempotencyKey'], equals: racing.idempotencyKey } } })).toBe(1)
  })

  it('does not treat another officer’s key as a resubmission', async () => {
    const input = form()
    const mine = await logIncident(actors.carter, input)
    const theirs = await logIncident(actors.sharp, input)
    expect(theirs.id).not.toBe(mine.id)
  })

  it('saves nothing when one deployment is bad, and names the field', async () => {
    const before = await counts()
    const counter = (await db.counter.findUnique({ where: { key: 'incident:2026' } }))?.value ?? 0
    const error = await errorOf(logIncident(actors.carter, form({ 'deployments.1.dogId': randomUUID(), 'deployments.1.task': 'SEARCH', 'deployments.1.outcome': 'NO_FIND' })))
    expect(error.code).toBe('VALIDATION')
    expect(error.fieldErrors?.['deployments.1.dogId']?.[0]).toMatch(/not in the unit/)
    // A dog with no current handler and none chosen: the message goes to that row's handler field.
    const noHandler = await errorOf(logIncident(actors.carter, form({ 'deployments.0.dogId': nova })))
    expect(Object.keys(noHandler.fieldErrors ?? {})).toEqual(['deployments.0.handler'])
    expect(await counts()).toEqual(before)
    expect((await db.counter.findUnique({ where: { key: 'incident:2026' } }))?.value ?? 0).toBe(counter)
  })

  it('rolls the incident and its number back when a deployment fails after the incident was written', async () => {
    const before = await counts()
    const counter = (await db.counter.findUnique({ where: { key: 'incident:2026' } }))?.value ?? 0
    const input = form()
    // Bypassing the schema's duplicate-dog check: the database's unique (incidentId, dogId) fails the deployments insert.
    const twice: LogIncidentInput = { ...input, deployments: [input.deployments[0]!, input.deployments[0]!] }
    await expect(logIncident(actors.carter, twice)).rejects.toThrow()
    expect(await counts()).toEqual(before)
    expect((await db.counter.findUnique({ where: { key: 'incident:2026' } }))?.value ?? 0).toBe(counter)
  })

  it('is found by filtering the list by its dog, its handler and the exposure', async () => {
    const created = await logIncident(actors.carter, form({ 'deployments.0.dogId': nova, 'deployments.0.handlerId': handlers.daniels, 'deployments.0.exposures': 'SHOT_AT' }))
    for (const filter of [{ dog: nova }, { dog: 'nova' }, { dog: 'k9-121' }, { dog: 'Nova (K9-121)' }, { handler: handlers.daniels }, { handler: 'daniels' }, { handler: 'B-1150' }, { handler: 'Daniels, Sam (B-1150)' }, { exposure: 'SHOT_AT' }]) {
      const { rows } = await listIncidents(actors.morgan, ListIncidentsSchema.parse(filter))
      expect(rows.map((r) => r.id), JSON.stringify(filter)).toContain(created.id)
    }
    // The form shows the dog and handler found; a name nobody has lists nothing.
    const byName = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ dog: 'nova', handler: 'b-1150' }))
    expect(byName.labels).toEqual({ dog: 'Nova (K9-121)', handler: 'Daniels, Sam (B-1150)' })
    expect(byName.rows.map((r) => r.id)).toContain(created.id)
    const nobody = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ dog: 'Novaa' }))
    expect(nobody.rows).toEqual([])
    expect(nobody.total).toBe(0)
    // The handler as the app writes it, and as a person would type a name.
    for (const handler of ['Daniels, Sam (B-1150)', 'daniels, sam', 'Sam Daniels', 'DANIELS']) {
      expect((await listIncidents(actors.morgan, ListIncidentsSchema.parse({ handler }))).rows.map((r) => r.id), handler).toContain(created.id)
    }
    expect((await listIncidents(actors.morgan, ListIncidentsSchema.parse({ handler: 'Daniels, Samuel' }))).rows).toEqual([])
  })

  it('reads the words filter as search does: every word, in any order, by its stem, with the words marked; a number from its start', async () => {
    const created = await logIncident(actors.carter, form({ locationText: 'Quarry Road culvert', narrative: 'Quokkaline residue found by the drain.' }))
    const { number } = await db.incident.findUniqueOrThrow({ where: { id: created.id }, select: { number: true } })
    const list = (q?: string, extra: Record<string, string> = {}) => listIncidents(actors.morgan, ListIncidentsSchema.parse({ q, ...extra }))
    const ids = async (q?: string, extra: Record<string, string> = {}) => (await list(q, extra)).rows.map((r) => r.id)
    // Words anywhere in the place or the narrative, in any order, stems and case aside; web-search syntax as search reads it.
    for (const q of ['quokkaline', 'QUOKKALINE', 'residue found', 'drain residues', 'culverts quokkaline', '"residue found" drain', 'quokkaline -pipe', number, number.toLowerCase()]) {
      expect(await ids(q), q).toEqual([created.id])
    }
    // A word not in it, a part of a word, a phrase out of order, an excluded word: nothing, and the total says so.
    // Whatever is typed is words or a number, never an error: SQL, LIKE and tsquery syntax match nothing here.
    for (const q of ['quokkaline zeppelin', 'quokka', '"found residue"', 'quokkaline -drain', 'qz', 'the', `'; DROP TABLE "Incident"; --`, '%', '_x', '1%', '\\', '!!', 'quok:*', '"', '-']) {
      const page = await list(q)
      expect(page.rows, q).toEqual([])
      expect(page.total, q).toBe(0)
    }
    // A number from its start (the others logged this year start the same), not from its middle.
    expect(await ids(number.slice(0, -2))).toContain(created.id)
    expect(await ids(number.slice(2))).toEqual([])
    // With the other filters: the type, and a dog through its deployments.
    expect(await ids('quokkaline', { type: 'KIDNAPPING' })).toEqual([created.id])
    expect(await ids('quokkaline', { type: 'BURGLARY' })).toEqual([])
    expect(await ids('quokkaline', { dog: rex })).toEqual([created.id])
    expect(await ids('quokkaline', { dog: nova })).toEqual([])
    // Each row shows where the words are: the place, and the narrative's passage when it holds them.
    const [row] = (await list('culvert drain')).rows
    expect(row?.words?.place.filter((s) => s.match).map((s) => s.text)).toEqual(['culvert'])
    expect(row?.words?.narrative?.filter((s) => s.match).map((s) => s.text)).toEqual(['drain'])
    const [placeOnly] = (await list('culvert quarry')).rows
    expect(placeOnly?.words?.narrative).toBeNull()
    expect((await list()).rows[0]?.words).toBeUndefined()
    // A role without incidents (a vet) gets nothing, whatever the words.
    expect(await listIncidents(actors.hayes, ListIncidentsSchema.parse({ q: 'quokkaline' }))).toMatchObject({ rows: [], total: 0 })
  })

  it('accepts a dog with no current handler when the handler is chosen', async () => {
    const created = await logIncident(actors.carter, form({ 'deployments.0.dogId': nova, 'deployments.0.handlerId': handlers.daniels }))
    expect(await db.deployment.findFirstOrThrow({ where: { incidentId: created.id }, select: { handlerId: true } })).toEqual({ handlerId: handlers.daniels })
  })
})

describe('editing an incident', () => {
  const edit = (incidentId: string, version: number, extra: Record<string, string | string[]> = {}) =>
    EditIncidentSchema.parse({
      incidentId,
      version: String(version),
      type: 'KIDNAPPING',
      occurredAt: '2026-11-11T22:45',
      locationText: 'Abandoned factory, 12 Mill Lane',
      narrative: 'Corrected narrative.',
      officerIds: [handlers.carter],
      ...extra,
    })

  it('lets the reporting officer edit, bumps the version and audits before and after', async () => {
    const { id } = await logIncident(actors.carter, form())
    expect(await editIncident(actors.carter, edit(id, 1))).toEqual({ version: 2 })
    const row = await db.incident.findUniqueOrThrow({ where: { id }, select: { version: true, locationText: true, narrative: true, weather: true } })
    expect(row).toEqual({ version: 2, locationText: 'Abandoned factory, 12 Mill Lane', narrative: 'Corrected narrative.', weather: null })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'incidents.edited', entityId: id }, select: { actorId: true, details: true } })
    expect(audit.actorId).toBe(actors.carter.id)
    expect(audit.details).toMatchObject({
      before: { locationText: 'Abandoned factory, Mill Lane', weather: 'Night, heavy rain', occurredAt: '2026-11-11T22:40:00.000Z' },
      after: { locationText: 'Abandoned factory, 12 Mill Lane', weather: null, occurredAt: '2026-11-11T22:45:00.000Z' },
    })
    expect((audit.details as { before: Record<string, unknown> }).before).not.toHaveProperty('type') // unchanged fields are not repeated
  })

  it('refuses a save with a stale version and overwrites nothing', async () => {
    const { id } = await logIncident(actors.carter, form())
    await editIncident(actors.ruiz, edit(id, 1, { narrative: 'Supervisor’s correction.' }))
    const audits = await db.auditEvent.count()
    const error = await errorOf(editIncident(actors.carter, edit(id, 1, { narrative: 'Carter’s later edit.' })))
    expect(error.code).toBe('CONFLICT')
    expect(error.userMessage).toMatch(/Someone else saved this incident/)
    expect(await db.incident.findUniqueOrThrow({ where: { id }, select: { narrative: true, version: true } })).toEqual({ narrative: 'Supervisor’s correction.', version: 2 })
    expect(await db.auditEvent.count()).toBe(audits)
  })

  it('lets officers listed on the incident and supervisors edit, refuses other officers and roles', async () => {
    const { id } = await logIncident(actors.carter, form({ officerIds: [handlers.carter, handlers.daniels] }))
    expect(await codeOf(editIncident(actors.daniels, edit(id, 1, { officerIds: [handlers.carter, handlers.daniels] })))).toBe('OK')
    expect(await codeOf(editIncident(actors.ruiz, edit(id, 2)))).toBe('OK')
    expect(await codeOf(editIncident(actors.sharp, edit(id, 3)))).toBe('FORBIDDEN')
    for (const who of ['hayes', 'evans', 'morgan', 'admin'] as const) expect(await codeOf(editIncident(actors[who], edit(id, 3))), who).toBe('FORBIDDEN')
    expect(await codeOf(editIncident(actors.ruiz, edit(randomUUID(), 1)))).toBe('NOT_FOUND')
    expect(await getIncident(actors.sharp, id)).toMatchObject({ editable: false, mayAddPhotos: false })
    expect(await getIncidentForEdit(actors.sharp, id)).toBeNull()
    expect(await getIncident(actors.carter, id)).toMatchObject({ editable: true, mayAddPhotos: true })
    expect(await getIncident(actors.ruiz, id)).toMatchObject({ editable: true, mayAddPhotos: true })
    for (const who of ['evans', 'morgan'] as const) expect(await getIncident(actors[who], id), who).toMatchObject({ editable: false, mayAddPhotos: false })
    expect(await getIncident(actors.hayes, id)).toBeNull()
    // The page's photo form answers as the upload route does.
    for (const who of ['carter', 'daniels', 'sharp', 'ruiz', 'evans', 'morgan'] as const) expect((await getIncident(actors[who], id))!.mayAddPhotos, who).toBe(await mayUploadTo(actors[who], 'incident', id))
  })

  it('keeps the dog handlers among the officers when the form leaves them out', async () => {
    const { id } = await logIncident(actors.carter, form())
    await editIncident(actors.carter, edit(id, 1, { officerIds: [handlers.daniels] }))
    const officers = await db.incidentOfficer.findMany({ where: { incidentId: id }, select: { handlerId: true } })
    expect(officers.map((o) => o.handlerId).sort()).toEqual([handlers.carter, handlers.daniels].sort())
  })
})

describe('the incident page', () => {
  it('reads the incident, its officers and deployments as stored', async () => {
    const { id } = await logIncident(
      actors.carter,
      form({
        officerIds: [handlers.carter, handlers.sharp, handlers.daniels],
        latitude: '51.5',
        longitude: '-1',
        'deployments.0.exposures': ['STRUCK', 'SMOKE'],
        'deployments.0.injuryObserved': 'on',
        'deployments.0.injuryDescription': 'Limping on the left foreleg; “yelped” when touched.',
        'deployments.0.notes': 'Rex ✓ stayed on the track.',
        'deployments.1.dogId': bella,
        'deployments.1.task': 'SEARCH',
        'deployments.1.outcome': 'NO_FIND',
      }),
    )
    await closeIncident(actors.ruiz, ChangeIncidentStatusSchema.parse({ incidentId: id, version: '1', reason: 'Report complete.' }))
    // What the same read gives through Prisma (the oracle), officers by name.
    const stored = await db.incident.findUniqueOrThrow({
      where: { id },
      select: {
        id: true, number: true, type: true, status: true, occurredAt: true, endedAt: true, locationText: true, latitude: true, longitude: true, weather: true, narrative: true, version: true, createdAt: true, updatedAt: true, closedAt: true, closedReason: true,
        closedBy: { select: { name: true } },
        reportingOfficer: { select: { id: true, name: true } },
        officers: { orderBy: [{ handler: { lastName: 'asc' } }, { handler: { firstName: 'asc' } }], select: { role: true, handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } } } },
        deployments: {
          orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }],
          select: { id: true, task: true, outcome: true, exposures: true, exposureNotes: true, injuryObserved: true, injuryDescription: true, notes: true, deployedAt: true, dog: { select: { id: true, name: true, k9Number: true } }, handler: { select: { firstName: true, lastName: true, rank: true } } },
        },
      },
    })
    const page = await getIncident(actors.ruiz, id)
    expect(page).toEqual({ ...stored, latitude: stored.latitude?.toString(), longitude: stored.longitude?.toString(), editable: true, mayAddPhotos: false })
    // Coordinates read as the edit form writes them.
    expect([page!.latitude, page!.longitude]).toEqual(['51.5', '-1'])
    expect(page!.officers.map((o) => o.handler.lastName)).toEqual(['Carter', 'Daniels', 'Sharp'])
    expect(page!.deployments.map((d) => [d.dog.id, d.exposures, d.deployedAt instanceof Date])).toEqual([[rex, ['STRUCK', 'SMOKE'], true], [bella, [], true]])
    expect(page!.closedBy).toEqual({ name: 'SUPERVISOR ruiz' })
    // An incident that does not exist, and a bad id, are not found.
    expect(await getIncident(actors.ruiz, randomUUID())).toBeNull()
  })

  it('lists rows as stored: each incident with its first deployments in order and their dogs', async () => {
    await logIncident(actors.carter, form({ 'deployments.0.exposures': ['SMOKE', 'HEAT'], 'deployments.1.dogId': bella, 'deployments.1.task': 'TRACK', 'deployments.1.outcome': 'NO_FIND' }))
    const { rows } = await listIncidents(actors.ruiz, ListIncidentsSchema.parse({}))
    expect(rows.length).toBeGreaterThan(3)
    const stored = await db.incident.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      select: { id: true, number: true, type: true, status: true, occurredAt: true, locationText: true, deployments: { take: 10, orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }], select: { id: true, exposures: true, dog: { select: { id: true, name: true } } } } },
    })
    const byId = new Map(stored.map((r) => [r.id, r]))
    expect(rows).toEqual(rows.map((r) => byId.get(r.id)))
    expect(rows.some((r) => r.deployments.length === 2 && r.deployments[0]!.exposures.length === 2)).toBe(true)
  })
})

describe('deployments on an existing incident', () => {
  it('adds a deployment, lists its handler as an officer, and refuses the same dog twice', async () => {
    const { id } = await logIncident(actors.carter, form())
    const added = await addDeployment(actors.carter, AddDeploymentSchema.parse({ incidentId: id, dogId: bella, task: 'SEARCH', outcome: 'FOUND', exposures: ['SMOKE', 'HEAT'], injuryObserved: 'yes', injuryDescription: 'Singed fur on the muzzle.' }))
    const row = await db.deployment.findUniqueOrThrow({ where: { id: added.id }, select: { handlerId: true, exposures: true, injuryObserved: true, injuryDescription: true } })
    expect(row).toEqual({ handlerId: handlers.sharp, exposures: ['SMOKE', 'HEAT'], injuryObserved: true, injuryDescription: 'Singed fur on the muzzle.' })
    expect(await db.incidentOfficer.count({ where: { incidentId: id, handlerId: handlers.sharp } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'incidents.deployment_added', entityId: id } })).toBe(1)
    const again = await errorOf(addDeployment(actors.carter, AddDeploymentSchema.parse({ incidentId: id, dogId: bella, task: 'SEARCH', outcome: 'FOUND' })))
    expect(again.code).toBe('CONFLICT')
    expect(again.fieldErrors?.dogId).toBeDefined()
    expect(await codeOf(addDeployment(actors.sharp, AddDeploymentSchema.parse({ incidentId: id, dogId: nova, handlerId: handlers.sharp, task: 'SEARCH', outcome: 'FOUND' })))).toBe('OK') // now listed as an officer
    expect(await codeOf(addDeployment(actors.daniels, AddDeploymentSchema.parse({ incidentId: id, dogId: nova, handlerId: handlers.daniels, task: 'SEARCH', outcome: 'FOUND' })))).toBe('FORBIDDEN')
    expect(await codeOf(addDeployment(actors.morgan, AddDeploymentSchema.parse({ incidentId: id, dogId: nova, task: 'SEARCH', outcome: 'FOUND' })))).toBe('FORBIDDEN')
  })

  it('edits a deployment with its version, audits before/after, and refuses a stale version', async () => {
    const { id } = await logIncident(actors.carter, form())
    const dep = await db.deployment.findFirstOrThrow({ where: { incidentId: id }, select: { id: true } })
    const input = (version: number, extra: Record<string, string | string[]> = {}) =>
      EditDeploymentSchema.parse({ incidentId: id, deploymentId: dep.id, version: String(version), dogId: rex, task: 'TRACK', outcome: 'APPREHENDED', exposures: ['STRUCK', 'FALL'], exposureNotes: 'Struck by a pipe; slipped on wet concrete.', ...extra })
    expect(await editDeployment(actors.carter, input(1))).toEqual({ version: 2 })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'incidents.deployment_edited', entityId: id }, select: { details: true } })
    expect(audit.details).toMatchObject({ deploymentId: dep.id, before: { exposures: ['STRUCK'] }, after: { exposures: ['STRUCK', 'FALL'] } })
    const stale = await errorOf(editDeployment(actors.ruiz, input(1, { exposures: ['SHOT_AT'] })))
    expect(stale.code).toBe('CONFLICT')
    expect((await db.deployment.findUniqueOrThrow({ where: { id: dep.id }, select: { exposures: true } })).exposures).toEqual(['STRUCK', 'FALL'])
    expect(await codeOf(editDeployment(actors.carter, EditDeploymentSchema.parse({ incidentId: id, deploymentId: randomUUID(), version: '1', dogId: rex, task: 'TRACK', outcome: 'FOUND' })))).toBe('NOT_FOUND')
  })
})

describe('dogs, handlers and officers typed, as a state unit’s forms take them', () => {
  /** The form as the browser posts it now: no ids, only what was typed. */
  const typed = (extra: Record<string, string | string[]>) =>
    LogIncidentSchema.parse({ idempotencyKey: randomUUID(), type: 'KIDNAPPING', occurredAt: '2026-11-11T22:40', locationText: 'Abandoned factory, Mill Lane', narrative: 'Typed by an officer of a state unit.', ...extra })
  const row = (i: number, dog: string, more: Record<string, string> = {}) => ({ [`deployments.${i}.dog`]: dog, [`deployments.${i}.task`]: 'TRACK', [`deployments.${i}.outcome`]: 'FOUND', ...Object.fromEntries(Object.entries(more).map(([k, v]) => [`deployments.${i}.${k}`, v])) })

  it('resolves a call name, a K-9 number and the app’s own labels, and each typed officer', async () => {
    const { id } = await logIncident(
      actors.carter,
      typed({ ...row(0, ' rex '), ...row(1, 'Bella (K9-107)', { handler: 'b-1150' }), 'officers.0': 'Sharp, Dana (B-1102)', 'officers.1': '', 'officers.2': 'Sam Daniels' }),
    )
    const saved = await db.incident.findUniqueOrThrow({ where: { id }, select: { deployments: { orderBy: { dog: { name: 'asc' } }, select: { dogId: true, handlerId: true } }, officers: { select: { handlerId: true } } } })
    expect(saved.deployments).toEqual([
      { dogId: bella, handlerId: handlers.daniels },
      { dogId: rex, handlerId: handlers.carter },
    ])
    expect(saved.officers.map((o) => o.handlerId).sort()).toEqual([handlers.carter, handlers.sharp, handlers.daniels].sort())
    const forEdit = await getIncidentForEdit(actors.carter, id)
    expect(forEdit?.officerLabels).toEqual(['Carter, Luke (B-1047)', 'Daniels, Sam (B-1150)', 'Sharp, Dana (B-1102)'])
  })

  it('names every unknown, ambiguous or repeated entry next to its field in one round, and saves nothing', async () => {
    const twin = await db.dog.create({ data: { k9Number: 'K9-140', name: 'Bella', breed: 'Malinois', sex: 'FEMALE', dateOfBirth: new Date('2021-05-01'), specialties: ['PATROL'] }, select: { id: true } })
    const before = await counts()
    const error = await errorOf(
      logIncident(actors.carter, typed({ ...row(0, 'Rax'), ...row(1, 'bella'), ...row(2, 'Rex'), ...row(3, 'k9-101'), ...row(4, 'Nova', { handler: 'Nobody' }), 'officers.0': 'Carter', 'officers.1': 'B-0000' })),
    )
    expect(error.fieldErrors).toEqual({
      'deployments.0.dog': ['No dog of the unit has the name or K-9 number “Rax”.'],
      'deployments.1.dog': ['Several dogs are called “bella”: Bella (K9-107); Bella (K9-140). Enter the K-9 number.'],
      'deployments.3.dog': ['K-9 Rex is already in deployment 3 of this incident.'],
      'deployments.4.handler': ['No handler has the badge number or name “Nobody”.'],
      'officers.1': ['No handler has the badge number or name “B-0000”.'],
    })
    expect(await counts()).toEqual(before)
    await db.dog.delete({ where: { id: twin.id } })
  })

  it('does not deploy a dog that has died, but an edit keeps one that died since', async () => {
    const { id } = await logIncident(actors.carter, typed({ ...row(0, 'Nova', { handler: 'B-1150' }) }))
    await db.dog.update({ where: { id: nova }, data: { status: 'DECEASED' } })
    try {
      const refused = await errorOf(logIncident(actors.carter, typed({ ...row(0, 'K9-121', { handler: 'B-1150' }) })))
      expect(refused.fieldErrors?.['deployments.0.dog']?.[0]).toBe('No dog of the unit has the name or K-9 number “K9-121”.')
      const dep = await db.deployment.findFirstOrThrow({ where: { incidentId: id }, select: { id: true, version: true } })
      const edited = await editDeployment(actors.carter, EditDeploymentSchema.parse({ incidentId: id, deploymentId: dep.id, version: String(dep.version), dog: 'Nova (K9-121)', handler: 'Daniels, Sam (B-1150)', task: 'SEARCH', outcome: 'NO_FIND' }))
      expect(edited.version).toBe(dep.version + 1)
    } finally {
      await db.dog.update({ where: { id: nova }, data: { status: 'ACTIVE' } })
    }
  })

  it('takes an officer who has since left by badge, and edits the officers as typed', async () => {
    const left = await db.handler.create({ data: { badgeNumber: 'B-0990', firstName: 'Ada', lastName: 'Former', rank: 'Officer', unit: 'K-9', active: false }, select: { id: true } })
    const { id } = await logIncident(actors.carter, typed({ ...row(0, 'Rex'), 'officers.0': 'B-0990' }))
    expect(await db.incidentOfficer.count({ where: { incidentId: id, handlerId: left.id } })).toBe(1)
    const parsed = EditIncidentSchema.parse({ incidentId: id, version: '1', type: 'KIDNAPPING', occurredAt: '2026-11-11T22:45', locationText: 'X', narrative: 'Y', 'officers.0': 'Dana Sharp', 'officers.3': 'nobody at all' })
    expect((await errorOf(editIncident(actors.carter, parsed))).fieldErrors).toEqual({ 'officers.3': ['No handler has the badge number or name “nobody at all”.'] })
    await editIncident(actors.carter, { ...parsed, officers: ['Dana Sharp'] })
    const officers = await db.incidentOfficer.findMany({ where: { incidentId: id }, select: { handlerId: true } })
    expect(officers.map((o) => o.handlerId).sort()).toEqual([handlers.carter, handlers.sharp].sort())
  })
})

describe('closing and re-opening an incident', () => {
  const change = (incidentId: string, version: number, reason = 'All deployments logged; report complete.') => ChangeIncidentStatusSchema.parse({ incidentId, version: String(version), reason })

  it('closes with a reason (audited), then refuses edits and new deployments with a clear message until re-opened', async () => {
    const { id } = await logIncident(actors.carter, form())
    expect(await closeIncident(actors.carter, change(id, 1))).toEqual({ version: 2 })
    const closed = await getIncident(actors.ruiz, id)
    expect(closed).toMatchObject({ status: 'CLOSED', closedReason: 'All deployments logged; report complete.', closedBy: { name: expect.stringContaining('carter') }, closedAt: expect.any(Date) })
    // Still the supervisor's to re-open; no photos can be added while it is closed.
    expect(closed).toMatchObject({ editable: true, mayAddPhotos: false })
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'incidents.closed', entityId: id }, select: { actorId: true, details: true } })).toMatchObject({
      actorId: actors.carter.id,
      details: { reason: 'All deployments logged; report complete.', version: 2 },
    })
    // The list shows and filters it as closed.
    const list = await listIncidents(actors.ruiz, ListIncidentsSchema.parse({ status: 'CLOSED' }))
    expect(list.rows.map((r) => r.id)).toContain(id)

    const before = await counts()
    const editRefused = await errorOf(editIncident(actors.carter, EditIncidentSchema.parse({ incidentId: id, version: '2', type: 'KIDNAPPING', occurredAt: '2026-11-11T22:45', locationText: 'X', narrative: 'Y', officerIds: [handlers.carter] })))
    expect(editRefused.code).toBe('CONFLICT')
    expect(editRefused.userMessage).toMatch(/closed.*Re-open it/)
    expect(await codeOf(addDeployment(actors.ruiz, AddDeploymentSchema.parse({ incidentId: id, dogId: bella, task: 'SEARCH', outcome: 'FOUND' })))).toBe('CONFLICT')
    const deployment = await db.deployment.findFirstOrThrow({ where: { incidentId: id }, select: { id: true, version: true } })
    expect(
      await codeOf(editDeployment(actors.carter, EditDeploymentSchema.parse({ incidentId: id, deploymentId: deployment.id, version: String(deployment.version), dogId: rex, task: 'TRACK', outcome: 'FOUND' }))),
    ).toBe('CONFLICT')
    expect(await counts()).toEqual(before)
    expect(await closeIncident(actors.carter, change(id, 2)).catch((e: AppError) => e.userMessage)).toMatch(/already closed/)

    // Re-opening needs the current version and a reason, clears the closing, and is audited; then edits work again.
    expect(await codeOf(reopenIncident(actors.ruiz, change(id, 1, 'Stale')))).toBe('CONFLICT')
    expect(ChangeIncidentStatusSchema.safeParse({ incidentId: id, version: '2', reason: '  ' }).success).toBe(false)
    expect(await reopenIncident(actors.ruiz, change(id, 2, 'Bella’s deployment was left out.'))).toEqual({ version: 3 })
    expect(await db.incident.findUniqueOrThrow({ where: { id }, select: { status: true, closedAt: true, closedById: true, closedReason: true } })).toEqual({
      status: 'OPEN',
      closedAt: null,
      closedById: null,
      closedReason: null,
    })
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'incidents.reopened', entityId: id }, select: { actorId: true, details: true } })).toMatchObject({
      actorId: actors.ruiz.id,
      details: { reason: 'Bella’s deployment was left out.', closedAt: expect.any(String) },
    })
    expect(await codeOf(addDeployment(actors.ruiz, AddDeploymentSchema.parse({ incidentId: id, dogId: bella, task: 'SEARCH', outcome: 'FOUND' })))).toBe('OK')
  })

  it('follows the edit rule: officers not involved, detectives and vets are refused; nothing changes', async () => {
    const { id } = await logIncident(actors.carter, form())
    expect(await codeOf(closeIncident(actors.daniels, change(id, 1)))).toBe('FORBIDDEN')
    expect(await codeOf(closeIncident(actors.morgan, change(id, 1)))).toBe('FORBIDDEN')
    expect(await codeOf(closeIncident(actors.hayes, change(id, 1)))).toBe('FORBIDDEN')
    expect(await codeOf(closeIncident(actors.ruiz, change(randomUUID(), 1)))).toBe('NOT_FOUND')
    expect(await db.incident.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } })).toEqual({ status: 'OPEN', version: 1 })
    expect(await db.auditEvent.count({ where: { entityId: id, action: { in: ['incidents.closed', 'incidents.reopened'] } } })).toBe(0)
  })
})

describe('the list filtered by a dog, a handler or an exposure (read through the deployments, issue 10)', () => {
  // A dog with 60 incidents (two at each minute: the id breaks the tie), a second dog with the same handler on every third of them,
  // an exposure on every fifth (on both dogs where both went), one incident archived, and one with type BURGLARY.
  let tracker: string
  let second: string
  let handler: string
  let archived: string
  let incidents: Array<{ id: string; occurredAt: Date }>
  let namesake: string
  let otherWalker: string

  beforeAll(async () => {
    const dog = (k9Number: string, name: string) => db.dog.create({ data: { k9Number, name, breed: 'Malinois', sex: 'FEMALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } }).then((d) => d.id)
    tracker = await dog('K9-301', 'Tracker')
    second = await dog('K9-302', 'Second')
    handler = (await db.handler.create({ data: { badgeNumber: 'B-3001', firstName: 'Page', lastName: 'Walker', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    incidents = await db.incident.createManyAndReturn({
      data: Array.from({ length: 60 }, (_, i) => ({
        number: `2025-PG${String(i).padStart(4, '0')}`,
        type: i === 7 ? ('BURGLARY' as const) : ('PURSUIT' as const),
        // Pairs share a minute: 0 and 1, 2 and 3, …
        occurredAt: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 2), 12)),
        locationText: `Page Street ${i}`,
        narrative: 'Paging.',
        reportingOfficerId: actors.carter.id,
      })),
      select: { id: true, occurredAt: true },
    })
    const row = (i: { id: string; occurredAt: Date }, dogId: string, n: number) => ({
      incidentId: i.id, incidentOccurredAt: i.occurredAt, dogId, handlerId: handler, task: 'TRACK' as const, outcome: 'FOUND' as const,
      exposures: n % 5 === 0 ? (['CHEMICAL'] as const).slice() : [], deployedAt: i.occurredAt, loggedById: actors.carter.id,
    })
    await db.deployment.createMany({ data: incidents.flatMap((i, n) => [row(i, tracker, n), ...(n % 3 === 0 ? [row(i, second, n)] : [])]) })
    // Another Tracker, with another Walker, on every fourth incident from the third (no exposure): a typed name that finds two of each.
    namesake = await dog('K9-304', 'Tracker')
    otherWalker = (await db.handler.create({ data: { badgeNumber: 'B-3002', firstName: 'Ann', lastName: 'Walker', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    await db.deployment.createMany({ data: incidents.flatMap((i, n) => (n % 4 === 2 ? [{ ...row(i, namesake, 1), handlerId: otherWalker }] : [])) })
    archived = incidents[10]!.id
    await db.incident.update({ where: { id: archived }, data: { archivedAt: new Date() } })
  })

  /** What the list must show, read another way (Prisma, through the relation). */
  const expected = async (some: Prisma.DeploymentWhereInput, order: 'desc' | 'asc' = 'desc', extra: Prisma.IncidentWhereInput = {}) =>
    (await db.incident.findMany({ where: { archivedAt: null, deployments: { some }, ...extra }, orderBy: [{ occurredAt: order }, { id: order }], select: { id: true } })).map((r) => r.id)

  /** Every page from the first, following Next. */
  async function forward(filter: Record<string, string>) {
    const ids: string[] = []
    let page = await listIncidents(actors.morgan, ListIncidentsSchema.parse(filter))
    const first = page
    ids.push(...page.rows.map((r) => r.id))
    while (page.next) {
      page = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ ...filter, after: page.next }))
      ids.push(...page.rows.map((r) => r.id))
    }
    return { ids, total: first.total, exact: first.exact }
  }

  /** Every page from the far end, following Previous; in list order. */
  async function backward(filter: Record<string, string>) {
    const pages: string[][] = []
    let page = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ ...filter, end: '1' }))
    pages.unshift(page.rows.map((r) => r.id))
    while (page.prev) {
      page = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ ...filter, before: page.prev }))
      pages.unshift(page.rows.map((r) => r.id))
    }
    return pages.flat()
  }

  it('pages through a dog’s incidents in order, each once, without the archived one, and counts them exactly', async () => {
    const want = await expected({ dogId: tracker })
    expect(want).toHaveLength(59)
    expect(want).not.toContain(archived)
    expect(await forward({ dog: tracker })).toEqual({ ids: want, total: 59, exact: true })
    expect(await backward({ dog: tracker })).toEqual(want)
    const oldest = await expected({ dogId: tracker }, 'asc')
    expect((await forward({ dog: tracker, sort: 'oldest' })).ids).toEqual(oldest)
    expect(await backward({ dog: tracker, sort: 'oldest' })).toEqual(oldest)
  })

  it('lists an incident once when the handler or the exposure matches two of its deployments, and counts it once', async () => {
    const byHandler = await expected({ handlerId: handler })
    expect(byHandler).toHaveLength(59)
    expect(await forward({ handler })).toEqual({ ids: byHandler, total: 59, exact: true })
    expect(await backward({ handler })).toEqual(byHandler)
    const exposed = await expected({ exposures: { has: 'CHEMICAL' } })
    // 0, 5, …, 55: 12 incidents, 10 archived; 0, 15, 30 and 45 with both dogs exposed.
    expect(exposed).toHaveLength(11)
    expect(await forward({ exposure: 'CHEMICAL' })).toEqual({ ids: exposed, total: 11, exact: true })
    expect(await forward({ exposure: 'CHEMICAL', dog: second })).toEqual({ ids: await expected({ exposures: { has: 'CHEMICAL' }, dogId: second }), total: 4, exact: true })
  })

  it('lists the incidents of every dog or handler a typed name finds, merged in order, each once', async () => {
    const bothDogs = await expected({ dogId: { in: [tracker, namesake] } })
    expect(bothDogs).toHaveLength(59)
    expect(await forward({ dog: 'tracker' })).toEqual({ ids: bothDogs, total: 59, exact: true })
    expect(await backward({ dog: 'tracker' })).toEqual(bothDogs)
    expect((await forward({ dog: 'tracker', sort: 'oldest' })).ids).toEqual(await expected({ dogId: { in: [tracker, namesake] } }, 'asc'))
    // Two Walkers; with one dog as well, that dog's incidents with either.
    expect(await forward({ handler: 'walker' })).toEqual({ ids: await expected({ handlerId: { in: [handler, otherWalker] } }), total: 59, exact: true })
    const namesakes = await expected({ dogId: namesake, handlerId: { in: [handler, otherWalker] } })
    expect(namesakes).toHaveLength(14) // 2, 6, …, 58 less the archived 10
    expect(await forward({ dog: 'K9-304', handler: 'walker' })).toEqual({ ids: namesakes, total: 14, exact: true })
    // Both Trackers with an exposure and a type: only the first Tracker's exposed incidents qualify.
    expect(await forward({ dog: 'tracker', exposure: 'CHEMICAL' })).toEqual({ ids: await expected({ dogId: { in: [tracker, namesake] }, exposures: { has: 'CHEMICAL' } }), total: 11, exact: true })
    const jump = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ dog: 'tracker', jump: '2025-01-20' }))
    expect(jump.rows.map((r) => r.id)).toEqual((await expected({ dogId: { in: [tracker, namesake] } }, 'desc', { occurredAt: { lt: new Date('2025-01-21T00:00:00Z') } })).slice(0, 25))
    expect(jump.prev).not.toBeNull()
  })

  it('combines a dog with the incident’s own filters and a date range, and jumps to a day', async () => {
    expect(await forward({ dog: tracker, type: 'BURGLARY' })).toEqual({ ids: [incidents[7]!.id], total: 1, exact: true })
    const inRange = await expected({ dogId: tracker }, 'desc', { occurredAt: { gte: new Date('2025-01-05T00:00:00Z'), lt: new Date('2025-01-11T00:00:00Z') } })
    expect(inRange).toHaveLength(11) // 6 days of 2, less the archived one
    expect(await forward({ dog: tracker, from: '2025-01-05', to: '2025-01-10' })).toEqual({ ids: inRange, total: 11, exact: true })
    const jump = await listIncidents(actors.morgan, ListIncidentsSchema.parse({ dog: tracker, jump: '2025-01-20' }))
    const want = await expected({ dogId: tracker }, 'desc', { occurredAt: { lt: new Date('2025-01-21T00:00:00Z') } })
    expect(jump.rows.map((r) => r.id)).toEqual(want.slice(0, 25))
    expect(jump.prev).not.toBeNull()
  })

  it('follows an incident whose time is corrected in the form, and a deployment added afterwards carries the new time', async () => {
    const { id } = await logIncident(actors.carter, form()) // 11 November 2026, with Rex
    await editIncident(actors.carter, EditIncidentSchema.parse({ incidentId: id, version: '1', type: 'KIDNAPPING', occurredAt: '2024-02-03T04:05', locationText: 'Mill Lane', narrative: 'Time corrected.', officerIds: [handlers.carter] }))
    await addDeployment(actors.carter, AddDeploymentSchema.parse({ incidentId: id, dogId: bella, task: 'SEARCH', outcome: 'FOUND' }))
    const at = new Date('2024-02-03T04:05:00Z')
    expect((await db.deployment.findMany({ where: { incidentId: id }, select: { incidentOccurredAt: true } })).map((d) => d.incidentOccurredAt)).toEqual([at, at])
    const listed = async (filter: Record<string, string>) => (await listIncidents(actors.morgan, ListIncidentsSchema.parse(filter))).rows.map((r) => r.id)
    expect(await listed({ dog: rex, from: '2024-02-03', to: '2024-02-03' })).toEqual([id])
    expect(await listed({ dog: bella, from: '2024-02-03', to: '2024-02-03' })).toEqual([id])
    expect(await listed({ dog: rex, from: '2026-11-11', to: '2026-11-11' })).not.toContain(id)
  })

  it('keeps each deployment’s copy of its incident’s time: an edit moves it, and the database refuses another time', async () => {
    const moved = incidents[57]! // with both dogs
    const at = new Date('2024-06-01T08:00:00Z')
    await db.incident.update({ where: { id: moved.id }, data: { occurredAt: at } })
    expect((await db.deployment.findMany({ where: { incidentId: moved.id }, select: { incidentOccurredAt: true } })).map((d) => d.incidentOccurredAt)).toEqual([at, at])
    const { ids } = await forward({ dog: tracker })
    expect(ids.at(-1)).toBe(moved.id) // now the oldest
    expect(ids).toEqual(await expected({ dogId: tracker }))
    const other = await db.dog.create({ data: { k9Number: 'K9-303', name: 'Third', breed: 'Malinois', sex: 'MALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } })
    await expect(
      db.deployment.create({
        data: { incidentId: moved.id, incidentOccurredAt: moved.occurredAt, dogId: other.id, handlerId: handler, task: 'TRACK', outcome: 'FOUND', exposures: [], deployedAt: at, loggedById: actors.carter.id },
      }),
    ).rejects.toThrow(/foreign key/i)
  })
})
