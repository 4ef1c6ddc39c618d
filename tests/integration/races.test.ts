import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { isAppError } from '@/lib/errors'
import { AcknowledgeAlertSchema } from '@/lib/schemas/alerts'
import { AssignHandlerSchema, CreateDogSchema, EditDogSchema } from '@/lib/schemas/dogs'
import { CreateHandlerSchema, EditHandlerSchema } from '@/lib/schemas/handlers'
import { EditDeploymentSchema, EditIncidentSchema, LogIncidentSchema } from '@/lib/schemas/incidents'
import type { Actor } from '@/lib/server/actor'
import { acknowledgeAlert } from '@/lib/server/alerts/commands'
import { db } from '@/lib/server/db'
import { assignHandler, createDog, editDog } from '@/lib/server/dogs/commands'
import { createHandler, editHandler } from '@/lib/server/handlers/commands'
import { editDeployment, editIncident, logIncident } from '@/lib/server/incidents/commands'

/**
 * Races (issue 9 item 3; docs/decisions/017-hostile-input.md, "Races"): two
 * (or five) people saving the same version of one record at the same moment.
 * Exactly one save wins, every other one is told CONFLICT with a message that
 * says what to do, the record holds the winner's values (nothing of the
 * losers' overwrote it), the version moved by one, and one audit row records
 * the one change. Racing custody transfers, double-submitted incidents and
 * medical records, and racing pairings are tested next to their features
 * (evidence, incidents, medical, dogs tests).
 */

type Outcome = { code: 'OK' | string; message?: string }

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise
    return { code: 'OK' }
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.userMessage }
    throw error
  }
}

/** Start every save before any of them finishes. */
async function race(saves: Array<() => Promise<unknown>>): Promise<Outcome[]> {
  return Promise.all(saves.map((save) => outcome(save())))
}

function expectOneWinner(results: Outcome[]): number {
  expect(results.filter((r) => r.code === 'OK'), JSON.stringify(results)).toHaveLength(1)
  for (const loser of results.filter((r) => r.code !== 'OK')) {
    expect(loser.code).toBe('CONFLICT')
    expect(loser.message).toMatch(/reload|changed|already|someone/i)
  }
  return results.findIndex((r) => r.code === 'OK')
}

async function audits(entityId: string, action: string) {
  return db.auditEvent.count({ where: { entityId, action } })
}

const actors = {} as Record<'ruiz' | 'lane' | 'carter', Actor>
let handlerId: string
let dogId: string
let incidentId: string
let deploymentId: string

async function makeUser(key: keyof typeof actors, role: Role): Promise<Actor> {
  const u = await db.user.create({ data: { email: `${key}@races.test`, name: `${role} ${key}`, role, passwordHash: 'not-a-hash' }, select: { id: true, email: true, name: true, role: true } })
  actors[key] = { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null }
  return actors[key]
}

beforeAll(async () => {
  await makeUser('ruiz', 'SUPERVISOR')
  await makeUser('lane', 'SUPERVISOR')
  await makeUser('carter', 'OFFICER')
  handlerId = (await createHandler(actors.ruiz, CreateHandlerSchema.parse({ badgeNumber: 'B-1047', firstName: 'Luke', lastName: 'Carter', rank: 'Officer', unit: 'K-9' }))).id
  await db.handler.update({ where: { id: handlerId }, data: { userId: actors.carter.id } })
  actors.carter = { ...actors.carter, handlerId }
  dogId = (await createDog(actors.ruiz, CreateDogSchema.parse({ k9Number: 'K9-101', name: 'Rex', breed: 'German Shepherd', sex: 'MALE', dateOfBirth: '2019-03-01' }))).id
  await assignHandler(actors.ruiz, AssignHandlerSchema.parse({ dogId, handlerId, startedAt: '2021-01-01' }))
  incidentId = (
    await logIncident(
      actors.carter,
      LogIncidentSchema.parse({
        idempotencyKey: randomUUID(),
        type: 'KIDNAPPING',
        occurredAt: '2026-11-11T22:40',
        locationText: 'Abandoned factory, Mill Lane',
        narrative: 'Rex tracked and found the child.',
        'deployments.0.dogId': dogId,
        'deployments.0.task': 'TRACK',
        'deployments.0.outcome': 'APPREHENDED',
        'deployments.0.exposures': 'STRUCK',
        'deployments.0.exposureNotes': 'Struck once by a metal pipe.',
      }),
    )
  ).id
  deploymentId = (await db.deployment.findFirstOrThrow({ where: { incidentId }, select: { id: true } })).id
})

describe('two people save the same version of one record', () => {
  it('incident: one edit wins, the others are told CONFLICT, the narrative is the winner’s', async () => {
    const { version } = await db.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { version: true } })
    const before = await audits(incidentId, 'incidents.edited')
    const narratives = ['Carter’s account: Rex found the child.', 'Ruiz’s account: the child was found by Rex.', 'Lane’s account: third version.']
    const editors = [actors.carter, actors.ruiz, actors.lane]
    const results = await race(
      narratives.map((narrative, i) => () =>
        editIncident(editors[i]!, EditIncidentSchema.parse({ incidentId, version: String(version), type: 'KIDNAPPING', occurredAt: '2026-11-11T22:40', locationText: 'Abandoned factory, Mill Lane', narrative })),
      ),
    )
    const winner = expectOneWinner(results)
    const after = await db.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { narrative: true, version: true } })
    expect(after).toEqual({ narrative: narratives[winner], version: version + 1 })
    expect(await audits(incidentId, 'incidents.edited')).toBe(before + 1)
  })

  it('deployment: one edit wins, the outcome is the winner’s', async () => {
    const { version } = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { version: true } })
    const outcomes = ['FOUND', 'RECALLED', 'OTHER'] as const
    const results = await race(
      outcomes.map((o) => () =>
        editDeployment(actors.ruiz, EditDeploymentSchema.parse({ incidentId, deploymentId, version: String(version), dogId, task: 'TRACK', outcome: o, exposures: 'STRUCK', exposureNotes: 'Struck once by a metal pipe.' })),
      ),
    )
    const winner = expectOneWinner(results)
    expect(await db.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { outcome: true, version: true } })).toEqual({ outcome: outcomes[winner], version: version + 1 })
  })

  it('dog: one edit of the particulars wins, the name is the winner’s', async () => {
    const { version } = await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { version: true } })
    const before = await audits(dogId, 'dogs.edited')
    const names = ['Rex', 'Rex II', 'Rexy', 'Rex the Brave', 'R.']
    const results = await race(
      names.map((name, i) => () => editDog(i % 2 ? actors.lane : actors.ruiz, EditDogSchema.parse({ dogId, version: String(version), k9Number: 'K9-101', name, breed: 'German Shepherd', sex: 'MALE', dateOfBirth: '2019-03-01' }))),
    )
    const winner = expectOneWinner(results)
    expect(await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { name: true, version: true } })).toEqual({ name: names[winner], version: version + 1 })
    expect(await audits(dogId, 'dogs.edited')).toBe(before + 1)
  })

  it('handler: one edit wins, the rank is the winner’s', async () => {
    const { version } = await db.handler.findUniqueOrThrow({ where: { id: handlerId }, select: { version: true } })
    const ranks = ['Sergeant', 'Corporal']
    const results = await race(
      ranks.map((rank, i) => () => editHandler([actors.ruiz, actors.lane][i]!, EditHandlerSchema.parse({ handlerId, version: String(version), badgeNumber: 'B-1047', firstName: 'Luke', lastName: 'Carter', rank, unit: 'K-9' }))),
    )
    const winner = expectOneWinner(results)
    expect(await db.handler.findUniqueOrThrow({ where: { id: handlerId }, select: { rank: true, version: true } })).toEqual({ rank: ranks[winner], version: version + 1 })
  })
})

describe('racing alert acknowledgement', () => {
  it('two supervisors acknowledge the same open alert: exactly one acknowledgement, the other told someone already did', async () => {
    const alert = await db.alert.findFirstOrThrow({ where: { deployment: { incidentId }, status: 'OPEN' }, select: { id: true, version: true } })
    const notes = ['Ruiz: vet booked for 09:00.', 'Lane: I will drive Rex to the vet.']
    const results = await race(notes.map((note, i) => () => acknowledgeAlert([actors.ruiz, actors.lane][i]!, AcknowledgeAlertSchema.parse({ alertId: alert.id, version: String(alert.version), note }))))
    const winner = expectOneWinner(results)
    const after = await db.alert.findUniqueOrThrow({ where: { id: alert.id }, select: { status: true, note: true, acknowledgedById: true, version: true } })
    expect(after).toEqual({ status: 'ACKNOWLEDGED', note: notes[winner], acknowledgedById: [actors.ruiz, actors.lane][winner]!.id, version: alert.version + 1 })
    expect(await db.auditEvent.count({ where: { entityId: alert.id, action: { contains: 'acknowledged' } } })).toBe(1)

    // A late third click, with the version it saw, is told the same.
    const late = await outcome(acknowledgeAlert(actors.ruiz, AcknowledgeAlertSchema.parse({ alertId: alert.id, version: String(alert.version), note: 'Late: I was about to.' })))
    expect(late.code).toBe('CONFLICT')
    expect(late.message).toMatch(/already acknowledged/)
  })
})
