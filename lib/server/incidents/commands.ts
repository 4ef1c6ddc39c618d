import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import type { AddDeploymentInput, ChangeIncidentStatusInput, DeploymentFieldsInput, EditDeploymentInput, EditIncidentInput, LogIncidentInput } from '@/lib/schemas/incidents'
import type { Actor } from '../actor'
import { raiseVetCheckForDeployment } from '../alerts/commands'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { matchDog } from '../dogs/match'
import { matchHandler } from '../handlers/match'
import { assertCan } from '../policy'

/**
 * Incident and deployment writes (issue 4). Every command: authorize →
 * one transaction → audit row inside it (CONVENTIONS.md).
 *
 * Who may edit: a supervisor any incident; an officer the incidents they
 * reported or took part in (listed among its officers). Edits are optimistic
 * on `version`: a stale version is a CONFLICT and nothing is written.
 */

/** How long a form's idempotency key is remembered (a resubmit after a lost response comes within seconds). */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000

const ROLE_DOG_HANDLER = 'Dog handler'

const CONFLICT_INCIDENT =
  'Someone else saved this incident after you opened it. Nothing was overwritten and your changes are still in the form: open the incident in a new tab to see what changed, then reload this page and save again.'
const CONFLICT_DEPLOYMENT =
  'Someone else saved this deployment after you opened it. Nothing was overwritten and your changes are still in the form: reload the page to see what changed, then save again.'

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

type DogForDeployment = { id: string; name: string; handlerId: string | null }
type Errors = Record<string, string[]>

/** The dogs named by id (not archived), each with its current handler. */
async function dogsFor(tx: Tx, dogIds: string[]): Promise<Map<string, DogForDeployment>> {
  if (!dogIds.length) return new Map()
  const dogs = await tx.dog.findMany({
    where: { id: { in: [...new Set(dogIds)] }, archivedAt: null },
    select: { id: true, name: true, assignments: { where: { endedAt: null }, take: 1, select: { handlerId: true } } },
  })
  return new Map(dogs.map((d) => [d.id, { id: d.id, name: d.name, handlerId: d.assignments[0]?.handlerId ?? null }]))
}

type RowIn = Pick<DeploymentFieldsInput, 'dogId' | 'dog' | 'handlerId' | 'handler'>

/**
 * Resolve each row's dog and handler, by id or by what was typed (a call name
 * or K-9 number; a badge number or name); no handler = the dog's current one.
 * Problems are added to `errors` under the form's field names
 * (`<prefix>dog`, `<prefix>handler`), so they show next to the right row; the
 * caller throws once every field of the form has been checked. A new
 * deployment's dog is a living one; an edit may keep a dog that has died since.
 */
async function resolveDeployments<R extends RowIn>(tx: Tx, rows: Array<{ row: R; prefix: string }>, errors: Errors, { living = true }: { living?: boolean } = {}) {
  const byId = await dogsFor(tx, rows.flatMap((r) => (r.row.dogId ? [r.row.dogId] : [])))
  const chosenHandlers = rows.map((r) => r.row.handlerId).filter((h): h is string => Boolean(h))
  const handlers = new Set(
    chosenHandlers.length ? (await tx.handler.findMany({ where: { id: { in: [...new Set(chosenHandlers)] } }, select: { id: true } })).map((h) => h.id) : [],
  )
  const resolved: Array<(R & { dogId: string; handlerId: string; dogName: string }) | null> = []
  for (const { row, prefix } of rows) {
    let dog: DogForDeployment | undefined
    if (row.dogId) {
      dog = byId.get(row.dogId)
      if (!dog) errors[`${prefix}dogId`] = ['That dog is not in the unit’s records. Choose one from the list.']
    } else {
      const match = await matchDog(tx, row.dog ?? '', { living })
      if (match.ok) dog = match.dog
      else errors[`${prefix}dog`] = [match.message]
    }
    let handlerId: string | null = null
    if (row.handlerId) {
      if (handlers.has(row.handlerId)) handlerId = row.handlerId
      else errors[`${prefix}handlerId`] = ['That handler is not in the unit’s records. Choose one from the list.']
    } else if (row.handler) {
      const match = await matchHandler(tx, row.handler, { activeOnly: false })
      if (match.ok) handlerId = match.handler.id
      else errors[`${prefix}handler`] = [match.message]
    } else if (dog) {
      handlerId = dog.handlerId
      if (!handlerId) errors[`${prefix}handler`] = [`K-9 ${dog.name} has no current handler: enter who handled the dog.`]
    }
    resolved.push(dog && handlerId ? { ...row, dogId: dog.id, handlerId, dogName: dog.name } : null)
  }
  return resolved
}

/** The form field a row's dog came from. */
const dogField = (row: RowIn) => (row.dogId ? 'dogId' : 'dog')

/** Every row resolved, or the form's problems all at once. */
function allResolved<T>(rows: Array<T | null>, errors: Errors, message: string): T[] {
  if (Object.keys(errors).length) throw new AppError('VALIDATION', message, errors)
  return rows as T[]
}

/** The officers of an incident form: ids (code and tests), and each typed entry (`officers.<i>`) resolved to one handler. */
async function resolveOfficers(tx: Tx, input: { officerIds: string[]; officers: Array<string | null> }, errors: Errors): Promise<string[]> {
  const ids = new Set(input.officerIds)
  if (input.officerIds.length) {
    const found = await tx.handler.count({ where: { id: { in: input.officerIds } } })
    if (found !== ids.size) errors.officerIds = ['Choose officers from the list.']
  }
  for (const [i, text] of input.officers.entries()) {
    if (!text) continue
    const match = await matchHandler(tx, text, { activeOnly: false })
    if (match.ok) ids.add(match.handler.id)
    else errors[`officers.${i}`] = [match.message]
  }
  return [...ids]
}

/** The next incident number for the year, from the Counter row (locked until this transaction ends, so numbers never repeat). */
async function nextIncidentNumber(tx: Tx, year: number): Promise<string> {
  const key = `incident:${year}`
  const [row] = await tx.$queryRaw<Array<{ value: number }>>`
    INSERT INTO "Counter" ("key", "value") VALUES (${key}, 1)
    ON CONFLICT ("key") DO UPDATE SET "value" = "Counter"."value" + 1
    RETURNING "value"`
  if (!row) throw new Error('Counter upsert returned no row')
  return `${year}-${String(row.value).padStart(6, '0')}`
}

/**
 * Log an incident with its dog deployments, all or nothing. Numbered
 * `YYYY-NNNNNN` (year of the incident) from the Counter table in the same
 * transaction. The form's idempotency key makes a double submission return
 * the first incident instead of creating a second (`duplicate: true`).
 * Needs incidents:create. Audits incidents.logged.
 */
export async function logIncident(actor: Actor, input: LogIncidentInput, now = new Date()): Promise<{ id: string; number: string; duplicate: boolean }> {
  assertCan(actor, 'incidents:create')
  return db.$transaction(async (tx) => {
    // SECURITY/INTEGRITY: two submits of one form serialise here; the second sees the first's audit row and returns its incident.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident-form:${input.idempotencyKey}`}, 0))`
    const earlier = await tx.auditEvent.findFirst({
      where: {
        action: 'incidents.logged',
        actorId: actor.id,
        at: { gte: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) },
        details: { path: ['idempotencyKey'], equals: input.idempotencyKey },
      },
      select: { entityId: true },
    })
    if (earlier?.entityId) {
      const existing = await tx.incident.findUnique({ where: { id: earlier.entityId }, select: { id: true, number: true } })
      if (existing) return { ...existing, duplicate: true }
    }

    const errors: Errors = {}
    const resolved = await resolveDeployments(
      tx,
      input.deployments.map((row, i) => ({ row, prefix: `deployments.${i}.` })),
      errors,
    )
    const officerIds = new Set(await resolveOfficers(tx, input, errors))
    // Two rows that name the same dog in different words ("Rex", "K9-2008").
    const seenDogs = new Map<string, number>()
    resolved.forEach((r, i) => {
      if (!r) return
      if (seenDogs.has(r.dogId)) errors[`deployments.${i}.${input.deployments[i]!.dogId ? 'dogId' : 'dog'}`] = [`K-9 ${r.dogName} is already in deployment ${seenDogs.get(r.dogId)! + 1} of this incident.`]
      else seenDogs.set(r.dogId, i)
    })
    const rows = allResolved(resolved, errors, 'Some fields need attention.')
    const handlerIds = new Set(rows.map((r) => r.handlerId))

    const number = await nextIncidentNumber(tx, input.occurredAt.getUTCFullYear())
    const incident = await tx.incident.create({
      data: {
        number,
        type: input.type,
        occurredAt: input.occurredAt,
        locationText: input.locationText,
        latitude: input.latitude,
        longitude: input.longitude,
        weather: input.weather,
        narrative: input.narrative,
        reportingOfficerId: actor.id,
        officers: {
          create: [...new Set([...officerIds, ...handlerIds])].map((handlerId) => ({ handlerId, role: handlerIds.has(handlerId) ? ROLE_DOG_HANDLER : null })),
        },
      },
      select: { id: true, number: true },
    })
    const deployments = await tx.deployment.createManyAndReturn({
      select: { id: true, dogId: true, deployedAt: true, exposures: true },
      data: rows.map((r) => ({
        incidentId: incident.id,
        incidentOccurredAt: input.occurredAt,
        dogId: r.dogId,
        handlerId: r.handlerId,
        task: r.task,
        outcome: r.outcome,
        exposures: r.exposures,
        exposureNotes: r.exposureNotes,
        injuryObserved: r.injuryObserved,
        injuryDescription: r.injuryObserved ? r.injuryDescription : null,
        notes: r.notes,
        deployedAt: r.deployedAt ?? input.occurredAt,
        loggedById: actor.id,
      })),
    })
    // The welfare pathway: every exposure opens a vet check in this same transaction (issue 8).
    for (const d of deployments) await raiseVetCheckForDeployment(tx, d) // at most MAX_DEPLOYMENTS rows
    await recordAudit(tx, actor, 'incidents.logged', { type: 'Incident', id: incident.id }, {
      details: {
        number,
        idempotencyKey: input.idempotencyKey,
        deployments: rows.map((r) => ({ dogId: r.dogId, handlerId: r.handlerId, exposures: r.exposures, injuryObserved: r.injuryObserved })),
      },
    })
    return { ...incident, duplicate: false }
  })
}

export const CLOSED_INCIDENT_MESSAGE = 'This incident is closed, so it cannot be changed and no deployment can be added. Re-open it (with a reason) on its page first.'

/**
 * The incident, row-locked, when the actor may edit it; NOT_FOUND when it does
 * not exist, FORBIDDEN when it is someone else's, CONFLICT when it is closed
 * (unless `allowClosed`: closing and re-opening themselves).
 */
async function lockEditable(tx: Tx, actor: Actor, incidentId: string, { allowClosed = false }: { allowClosed?: boolean } = {}) {
  assertCan(actor, 'incidents:edit')
  await tx.$queryRaw`SELECT id FROM "Incident" WHERE id = ${incidentId}::uuid FOR UPDATE`
  const incident = await tx.incident.findFirst({
    where: { id: incidentId, archivedAt: null },
    select: {
      id: true,
      number: true,
      version: true,
      type: true,
      occurredAt: true,
      locationText: true,
      latitude: true,
      longitude: true,
      weather: true,
      narrative: true,
      reportingOfficerId: true,
      status: true,
      closedAt: true,
      officers: { select: { handlerId: true } },
      deployments: { select: { handlerId: true, dogId: true } },
    },
  })
  if (!incident) throw new AppError('NOT_FOUND', 'No such incident.')
  if (!mayEdit(actor, incident)) throw new AppError('FORBIDDEN', 'You can edit only incidents you reported or took part in. Ask a supervisor to correct this one.')
  if (incident.status === 'CLOSED' && !allowClosed) throw new AppError('CONFLICT', CLOSED_INCIDENT_MESSAGE)
  return incident
}

/** The record rule for editing: supervisors any incident, officers their own (reported, or among its officers). */
export function mayEdit(actor: Pick<Actor, 'id' | 'role' | 'handlerId'>, incident: { reportingOfficerId: string; officers: Array<{ handlerId: string }> }): boolean {
  if (actor.role === 'SUPERVISOR') return true
  if (actor.role !== 'OFFICER') return false
  return incident.reportingOfficerId === actor.id || (actor.handlerId !== null && incident.officers.some((o) => o.handlerId === actor.handlerId))
}

type Snapshot = Record<string, unknown>

/** Only what changed, as { field: { from, to } }, for the audit trail. */
function changes(before: Snapshot, after: Snapshot): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { from: before[key] ?? null, to: after[key] ?? null }
  }
  return out
}

const num = (d: Prisma.Decimal | null) => (d === null ? null : Number(d.toString()))

/**
 * Edit an incident's own fields and its officers. Optimistic on `version`:
 * if someone saved since the form was rendered, CONFLICT and nothing is
 * written. Officers who handled a dog in it stay listed. Needs incidents:edit
 * and the record rule (mayEdit). Audits incidents.edited with before/after.
 */
export async function editIncident(actor: Actor, input: EditIncidentInput): Promise<{ version: number }> {
  assertCan(actor, 'incidents:edit')
  return db.$transaction(async (tx) => {
    const incident = await lockEditable(tx, actor, input.incidentId)
    if (incident.version !== input.version) throw new AppError('CONFLICT', CONFLICT_INCIDENT)
    const errors: Errors = {}
    const chosen = await resolveOfficers(tx, input, errors)
    allResolved([], errors, 'Some officers need attention.')
    const deploymentHandlers = new Set(incident.deployments.map((d) => d.handlerId))
    const officerIds = [...new Set([...chosen, ...deploymentHandlers])].sort()
    const before = {
      type: incident.type,
      occurredAt: incident.occurredAt.toISOString(),
      locationText: incident.locationText,
      latitude: num(incident.latitude),
      longitude: num(incident.longitude),
      weather: incident.weather,
      narrative: incident.narrative,
      officerIds: incident.officers.map((o) => o.handlerId).sort(),
    }
    const after = {
      type: input.type,
      occurredAt: input.occurredAt.toISOString(),
      locationText: input.locationText,
      latitude: input.latitude,
      longitude: input.longitude,
      weather: input.weather,
      narrative: input.narrative,
      officerIds,
    }
    const { count } = await tx.incident.updateMany({
      where: { id: incident.id, version: input.version },
      data: {
        type: input.type,
        occurredAt: input.occurredAt,
        locationText: input.locationText,
        latitude: input.latitude,
        longitude: input.longitude,
        weather: input.weather,
        narrative: input.narrative,
        version: { increment: 1 },
      },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_INCIDENT)
    await tx.incidentOfficer.deleteMany({ where: { incidentId: incident.id, handlerId: { notIn: officerIds } } })
    await tx.incidentOfficer.createMany({
      data: officerIds.map((handlerId) => ({ incidentId: incident.id, handlerId, role: deploymentHandlers.has(handlerId) ? ROLE_DOG_HANDLER : null })),
      skipDuplicates: true,
    })
    const diff = changes(before, after)
    const beforeChanged = Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, v.from]))
    const afterChanged = Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, v.to]))
    await recordAudit(tx, actor, 'incidents.edited', { type: 'Incident', id: incident.id }, {
      details: { number: incident.number, version: input.version + 1, before: beforeChanged, after: afterChanged },
    })
    return { version: input.version + 1 }
  })
}

/**
 * Add a dog's deployment to an existing incident (one per dog per incident).
 * Empty handler: the dog's current handler, who is added to the officers.
 * Needs incidents:edit and the record rule. Audits incidents.deployment_added.
 */
export async function addDeployment(actor: Actor, input: AddDeploymentInput): Promise<{ id: string }> {
  assertCan(actor, 'incidents:edit')
  try {
    return await db.$transaction(async (tx) => {
      const incident = await lockEditable(tx, actor, input.incidentId)
      const errors: Errors = {}
      const [row] = allResolved(await resolveDeployments(tx, [{ row: input, prefix: '' }], errors), errors, 'The deployment needs attention.')
      if (!row) throw new Error('resolveDeployments returned no row')
      // The incident is locked: its deployments, read with it, are all there are (the unique key on (incidentId, dogId) stands behind this).
      if (incident.deployments.some((d) => d.dogId === row.dogId)) throw new AppError('CONFLICT', `K-9 ${row.dogName} is already in this incident: edit that deployment instead.`, { [dogField(input)]: ['This dog already has a deployment in this incident.'] })
      const deployment = await tx.deployment.create({
        data: {
          incidentId: incident.id,
          incidentOccurredAt: incident.occurredAt,
          dogId: row.dogId,
          handlerId: row.handlerId,
          task: row.task,
          outcome: row.outcome,
          exposures: row.exposures,
          exposureNotes: row.exposureNotes,
          injuryObserved: row.injuryObserved,
          injuryDescription: row.injuryObserved ? row.injuryDescription : null,
          notes: row.notes,
          deployedAt: row.deployedAt ?? incident.occurredAt,
          loggedById: actor.id,
        },
        select: { id: true, dogId: true, deployedAt: true, exposures: true },
      })
      await tx.incidentOfficer.createMany({ data: [{ incidentId: incident.id, handlerId: row.handlerId, role: ROLE_DOG_HANDLER }], skipDuplicates: true })
      await raiseVetCheckForDeployment(tx, deployment)
      await recordAudit(tx, actor, 'incidents.deployment_added', { type: 'Incident', id: incident.id }, {
        details: { number: incident.number, deploymentId: deployment.id, dogId: row.dogId, handlerId: row.handlerId, exposures: row.exposures, injuryObserved: row.injuryObserved },
      })
      return { id: deployment.id }
    })
  } catch (error) {
    // Two people adding the same dog at once: the unique (incidentId, dogId) index decides.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'This dog was just added to the incident by someone else. Reload the page.', { [dogField(input)]: ['This dog already has a deployment in this incident.'] })
    throw error
  }
}

/**
 * Edit one deployment of an incident. Optimistic on the deployment's
 * `version`. Needs incidents:edit and the record rule. Audits
 * incidents.deployment_edited with before/after of what changed.
 */
export async function editDeployment(actor: Actor, input: EditDeploymentInput): Promise<{ version: number }> {
  assertCan(actor, 'incidents:edit')
  try {
    return await db.$transaction(async (tx) => {
      const incident = await lockEditable(tx, actor, input.incidentId)
      const current = await tx.deployment.findFirst({
        where: { id: input.deploymentId, incidentId: incident.id },
        select: { id: true, version: true, dogId: true, handlerId: true, task: true, outcome: true, exposures: true, exposureNotes: true, injuryObserved: true, injuryDescription: true, notes: true, deployedAt: true },
      })
      if (!current) throw new AppError('NOT_FOUND', 'No such deployment in this incident.')
      if (current.version !== input.version) throw new AppError('CONFLICT', CONFLICT_DEPLOYMENT)
      const errors: Errors = {}
      const [row] = allResolved(await resolveDeployments(tx, [{ row: input, prefix: '' }], errors, { living: false }), errors, 'The deployment needs attention.')
      if (!row) throw new Error('resolveDeployments returned no row')
      if (row.dogId !== current.dogId) {
        const clash = await tx.deployment.findFirst({ where: { incidentId: incident.id, dogId: row.dogId }, select: { id: true } })
        if (clash) throw new AppError('CONFLICT', `K-9 ${row.dogName} already has a deployment in this incident.`, { [dogField(input)]: ['This dog already has a deployment in this incident.'] })
      }
      const data = {
        dogId: row.dogId,
        handlerId: row.handlerId,
        task: row.task,
        outcome: row.outcome,
        exposures: row.exposures,
        exposureNotes: row.exposureNotes,
        injuryObserved: row.injuryObserved,
        injuryDescription: row.injuryObserved ? row.injuryDescription : null,
        notes: row.notes,
        deployedAt: row.deployedAt ?? current.deployedAt,
      }
      const { count } = await tx.deployment.updateMany({ where: { id: current.id, version: input.version }, data: { ...data, version: { increment: 1 } } })
      if (count !== 1) throw new AppError('CONFLICT', CONFLICT_DEPLOYMENT)
      await tx.incidentOfficer.createMany({ data: [{ incidentId: incident.id, handlerId: row.handlerId, role: ROLE_DOG_HANDLER }], skipDuplicates: true })
      // An exposure added on edit opens its vet check too (idempotent: one alert per deployment).
      await raiseVetCheckForDeployment(tx, { id: current.id, dogId: data.dogId, deployedAt: data.deployedAt, exposures: data.exposures })
      const diff = changes({ ...current, deployedAt: current.deployedAt.toISOString() }, { ...data, deployedAt: data.deployedAt.toISOString() })
      await recordAudit(tx, actor, 'incidents.deployment_edited', { type: 'Incident', id: incident.id }, {
        details: {
          number: incident.number,
          deploymentId: current.id,
          version: input.version + 1,
          before: Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, v.from])),
          after: Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, v.to])),
        },
      })
      return { version: input.version + 1 }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'That dog was just added to this incident by someone else. Reload the page.', { [dogField(input)]: ['This dog already has a deployment in this incident.'] })
    throw error
  }
}

/**
 * Close an incident with a reason: nothing in it changes and no deployment is
 * added until it is re-opened. Optimistic on `version`. Needs incidents:edit
 * and the record rule (mayEdit). Audits incidents.closed with the reason.
 */
export async function closeIncident(actor: Actor, input: ChangeIncidentStatusInput): Promise<{ version: number }> {
  assertCan(actor, 'incidents:edit')
  return db.$transaction(async (tx) => {
    const incident = await lockEditable(tx, actor, input.incidentId, { allowClosed: true })
    if (incident.version !== input.version) throw new AppError('CONFLICT', 'Someone else changed this incident after you opened it. Reload the page to see it, then close it again if it still needs closing.')
    if (incident.status === 'CLOSED') throw new AppError('CONFLICT', 'This incident is already closed.')
    const { count } = await tx.incident.updateMany({
      where: { id: incident.id, version: input.version, status: 'OPEN' },
      data: { status: 'CLOSED', closedAt: new Date(), closedById: actor.id, closedReason: input.reason, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_INCIDENT)
    await recordAudit(tx, actor, 'incidents.closed', { type: 'Incident', id: incident.id }, { details: { number: incident.number, version: input.version + 1, reason: input.reason } })
    return { version: input.version + 1 }
  })
}

/**
 * Re-open a closed incident with a reason, so it can be corrected or a
 * deployment added. Optimistic on `version`. Same rule as closing. Audits
 * incidents.reopened with the reason and when it had been closed.
 */
export async function reopenIncident(actor: Actor, input: ChangeIncidentStatusInput): Promise<{ version: number }> {
  assertCan(actor, 'incidents:edit')
  return db.$transaction(async (tx) => {
    const incident = await lockEditable(tx, actor, input.incidentId, { allowClosed: true })
    if (incident.version !== input.version) throw new AppError('CONFLICT', 'Someone else changed this incident after you opened it. Reload the page to see it, then re-open it if it still needs re-opening.')
    if (incident.status !== 'CLOSED') throw new AppError('CONFLICT', 'This incident is already open.')
    const { count } = await tx.incident.updateMany({
      where: { id: incident.id, version: input.version, status: 'CLOSED' },
      data: { status: 'OPEN', closedAt: null, closedById: null, closedReason: null, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_INCIDENT)
    await recordAudit(tx, actor, 'incidents.reopened', { type: 'Incident', id: incident.id }, {
      details: { number: incident.number, version: input.version + 1, reason: input.reason, closedAt: incident.closedAt?.toISOString() ?? null },
    })
    return { version: input.version + 1 }
  })
}
