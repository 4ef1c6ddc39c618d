import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { matchDog } from '@/lib/server/dogs/match'
import { resolveDogFilter, resolveHandlerFilter } from '@/lib/server/incidents/queries'
import { matchHandler } from '@/lib/server/handlers/match'
import { PEOPLE, suggest, SUGGESTIONS } from '@/lib/server/lookup'
import { matchUser } from '@/lib/server/users/match'
import { listDogs } from '@/lib/server/dogs/queries'
import { listHandlers } from '@/lib/server/handlers/queries'
import { listUsers } from '@/lib/server/users/queries'
import { searchMentionable } from '@/lib/server/investigations/mentions'
import { ListDogsSchema } from '@/lib/schemas/dogs'
import { ListHandlersSchema } from '@/lib/schemas/handlers'
import { AuditFilterSchema, ListUsersSchema } from '@/lib/schemas/users'
import { ListInvestigationsSchema } from '@/lib/schemas/investigations'
import { listInvestigations } from '@/lib/server/investigations/queries'
import { listAuditEvents } from '@/lib/server/audit-queries'
import { appendAudit } from '@/lib/server/audit'

/**
 * The suggestions of the typed dog and handler fields (GET /api/lookup): what
 * they match, in what order, what they say, and who may ask. A suggestion's
 * value must resolve to the same record when it is submitted.
 */

const actors = {} as Record<'officer' | 'vet' | 'admin' | 'detective', Actor>

beforeAll(async () => {
  for (const [key, role] of [['officer', 'OFFICER'], ['vet', 'VETERINARIAN'], ['admin', 'ADMIN'], ['detective', 'DETECTIVE']] as Array<[keyof typeof actors, Role]>) {
    const u = await db.user.create({ data: { email: `${key}@lookup.test`, name: key, role, passwordHash: 'not-a-hash' }, select: { id: true, email: true, name: true, role: true } })
    actors[key] = { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null }
  }
  const handler = (badgeNumber: string, firstName: string, lastName: string, active = true, userId: string | null = null) =>
    db.handler.create({ data: { badgeNumber, firstName, lastName, rank: 'Officer', unit: 'K-9 North', active, userId }, select: { id: true } }).then((h) => h.id)
  const carter = await handler('B-2047', 'Luke', 'Carter', true, actors.officer.id)
  await handler('B-2048', 'Lucy', 'Cartwright')
  await handler('B-2049', 'Carl', 'Carter', false)
  const dog = (k9Number: string, name: string, status: 'ACTIVE' | 'DECEASED' = 'ACTIVE') =>
    db.dog.create({ data: { k9Number, name, status, breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-03-01'), specialties: ['PATROL'] }, select: { id: true } }).then((d) => d.id)
  const rex = await dog('K9-2008', 'Rex')
  await dog('K9-2011', 'Rexa')
  await dog('K9-1999', 'Ghost', 'DECEASED')
  for (let i = 0; i < SUGGESTIONS + 3; i++) await dog(`K9-3${String(i).padStart(3, '0')}`, `Max ${String.fromCharCode(65 + i)}`)
  await db.handlerAssignment.create({ data: { dogId: rex, handlerId: carter, startedAt: new Date('2021-01-01'), openDogId: rex } })
})

describe('dog suggestions', () => {
  it('match the start of a call name or K-9 number, say who handles the dog, and resolve as submitted', async () => {
    const found = await suggest(actors.officer, 'living-dog', 're')
    expect(found?.map((s) => s.value)).toEqual(['Rex (K9-2008)', 'Rexa (K9-2011)'])
    expect(found?.[0]).toMatchObject({ handler: 'Carter, Luke (B-2047)', detail: 'German Shepherd · Active · handler Officer Luke Carter' })
    expect(found?.[1]?.handler).toBeNull()
    expect((await suggest(actors.officer, 'dog', 'k9-20'))?.map((s) => s.value)).toEqual(['Rex (K9-2008)', 'Rexa (K9-2011)'])
    const chosen = await matchDog(db, found![0]!.value)
    expect(chosen.ok && chosen.dog.k9Number).toBe('K9-2008')
  })

  it('leave out dead dogs where a living one is needed, stop at a screenful, and ignore LIKE wildcards', async () => {
    expect(await suggest(actors.officer, 'living-dog', 'gho')).toEqual([])
    expect((await suggest(actors.officer, 'dog', 'gho'))?.map((s) => s.value)).toEqual(['Ghost (K9-1999)'])
    const many = await suggest(actors.officer, 'dog', 'max')
    expect(many).toHaveLength(SUGGESTIONS)
    expect(many?.[0]?.value).toBe('Max A (K9-3000)')
    expect(await suggest(actors.officer, 'dog', '%')).toEqual([])
    expect(await suggest(actors.officer, 'dog', '_ex')).toEqual([])
  })
})

describe('handler suggestions', () => {
  it('match each word at the start of a name or badge, active handlers first, the inactive marked', async () => {
    const found = await suggest(actors.officer, 'handler', 'car')
    expect(found?.map((s) => s.value)).toEqual(['Carter, Luke (B-2047)', 'Cartwright, Lucy (B-2048)', 'Carter, Carl (B-2049)'])
    expect(found?.[2]?.detail).toBe('Officer · K-9 North · inactive')
    expect(found?.[0]?.detail).toBe('Officer · K-9 North · K-9 Rex')
    expect((await suggest(actors.officer, 'handler', 'Carter, Lu'))?.map((s) => s.value)).toEqual(['Carter, Luke (B-2047)'])
    expect((await suggest(actors.officer, 'active-handler', 'carter'))?.map((s) => s.value)).toEqual(['Carter, Luke (B-2047)'])
    expect((await suggest(actors.officer, 'handler', 'b-2048'))?.map((s) => s.value)).toEqual(['Cartwright, Lucy (B-2048)'])
  })

  it('are for the roles that read handlers; unlinked handlers only for an administrator', async () => {
    expect(await suggest(actors.vet, 'handler', 'car')).toBeNull()
    expect(await suggest(actors.vet, 'living-dog', 're')).not.toBeNull()
    expect(await suggest(actors.officer, 'unlinked-handler', 'car')).toBeNull()
    expect(await suggest(actors.admin, 'dog', 're')).toBeNull()
    expect((await suggest(actors.admin, 'unlinked-handler', 'car'))?.map((s) => s.value)).toEqual(['Cartwright, Lucy (B-2048)'])
  })
})

describe('people suggestions', () => {
  beforeAll(async () => {
    await db.user.createMany({
      data: [
        { email: 'morgan.a@lookup.test', name: 'Alex Morgan', role: 'DETECTIVE', passwordHash: 'x' },
        { email: 'morgan.b@lookup.test', name: 'Alex Morgan', role: 'EVIDENCE_TECH', passwordHash: 'x' },
        { email: 'morgan.vet@lookup.test', name: 'Jo Morgan', role: 'VETERINARIAN', passwordHash: 'x' },
        { email: 'morgan.gone@lookup.test', name: 'Kim Morgan', role: 'DETECTIVE', passwordHash: 'x', active: false },
      ],
    })
  })

  it('match any word of a name or the start of an e-mail, only active people of the roles the field allows', async () => {
    const holders = await suggest(actors.officer, 'evidence-holder', 'morgan')
    expect(holders?.map((s) => s.value)).toEqual(['Alex Morgan (morgan.a@lookup.test)', 'Alex Morgan (morgan.b@lookup.test)'])
    expect(holders?.[1]?.detail).toBe('Evidence technician')
    expect((await suggest(actors.detective, 'team-member', 'alex mor'))?.map((s) => s.value)).toHaveLength(2)
    expect(await suggest(actors.vet, 'evidence-holder', 'morgan')).toBeNull()
    expect(await suggest(actors.vet, 'team-member', 'morgan')).toBeNull()
  })

  it('resolve an e-mail, a label or a unique name, and say which e-mail to type when a name is shared', async () => {
    const who = 'person who may hold evidence'
    const byLabel = await matchUser(db, 'Alex Morgan (MORGAN.B@lookup.test)', PEOPLE['evidence-holder'], who)
    expect(byLabel.ok && byLabel.user.email).toBe('morgan.b@lookup.test')
    expect(await matchUser(db, 'Alex Morgan', PEOPLE['evidence-holder'], who)).toEqual({
      ok: false,
      message: 'Several people are called “Alex Morgan”: Alex Morgan (morgan.a@lookup.test); Alex Morgan (morgan.b@lookup.test). Enter the e-mail address.',
    })
    expect(await matchUser(db, 'Jo Morgan', PEOPLE['evidence-holder'], who)).toEqual({ ok: false, message: 'No active person who may hold evidence has the name or e-mail “Jo Morgan”.' })
    expect((await matchUser(db, 'kim morgan', PEOPLE['team-member'], 'team member')).ok).toBe(false)
  })
})

describe('typed exactly: LIKE wildcards are text, not patterns', () => {
  it('finds no dog, handler or person for a number or name with % or _ standing for other characters, and the one whose text has them', async () => {
    // K9-2008 is Rex, B-2047 is Luke Carter, morgan.b@lookup.test a person: the same text with `_` or `%` names none of them.
    expect(await matchDog(db, 'K9_2008')).toEqual({ ok: false, message: 'No dog of the unit has the name or K-9 number “K9_2008”.' })
    expect((await matchDog(db, 'K9-200%')).ok).toBe(false)
    expect((await matchDog(db, 'R_x')).ok).toBe(false)
    expect((await matchDog(db, '%')).ok).toBe(false)
    expect((await matchHandler(db, 'B_2047')).ok).toBe(false)
    expect((await matchHandler(db, 'Cart%')).ok).toBe(false)
    expect((await matchUser(db, 'morgan_b@lookup.test', PEOPLE['evidence-holder'], 'person who may hold evidence')).ok).toBe(false)
    expect((await matchUser(db, '%@lookup.test', PEOPLE['evidence-holder'], 'person who may hold evidence')).ok).toBe(false)
    // Text that holds the characters matches itself, in any case, backslash included.
    const odd = await db.dog.create({ data: { k9Number: 'K9-5_%', name: 'Per\\cy_', breed: 'Beagle', sex: 'MALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } })
    const byNumber = await matchDog(db, 'k9-5_%')
    expect(byNumber.ok && byNumber.dog.id).toBe(odd.id)
    const byName = await matchDog(db, 'PER\\CY_')
    expect(byName.ok && byName.dog.id).toBe(odd.id)
    expect((await matchDog(db, 'Per\\cyX')).ok).toBe(false)
    const rex = await matchDog(db, 'k9-2008')
    expect(rex.ok && rex.dog.name).toBe('Rex')
  })
})

describe('the lists’ search boxes: LIKE wildcards are text, not patterns', () => {
  it('find a dog, handler, person or record to mention by part of its number or name, and nothing for that text with % or _ for other characters', async () => {
    const dogs = async (q: string) => (await listDogs(actors.officer, ListDogsSchema.parse({ q }))).rows.map((d) => d.k9Number)
    expect(await dogs('9-200')).toContain('K9-2008')
    for (const q of ['9_200', '9%200', 'K9-20_8']) expect(await dogs(q), q).toEqual([])
    for (const number of await dogs('%')) expect(number).toContain('%')
    const handlers = async (q: string) => (await listHandlers(actors.officer, ListHandlersSchema.parse({ q }))).rows.map((h) => h.badgeNumber)
    expect(await handlers('-2047')).toEqual(['B-2047'])
    for (const q of ['_2047', 'B%47']) expect(await handlers(q), q).toEqual([])
    const users = async (q: string) => (await listUsers(actors.admin, ListUsersSchema.parse({ q }))).rows.map((u) => u.email)
    expect(await users('morgan.b@')).toEqual(['morgan.b@lookup.test'])
    for (const q of ['morgan_b', 'morgan%b']) expect(await users(q), q).toEqual([])
    const mentions = async (q: string) => (await searchMentionable(actors.detective, q)).filter((o) => o.type === 'dog').map((o) => o.label)
    expect(await mentions('9-2008')).toEqual(['K-9 Rex (K9-2008)'])
    expect(await mentions('9_2008')).toEqual([])
  })

  it('find an investigation or an audited person by text holding % or _, and not by those characters standing for others', async () => {
    const inv = await db.investigation.create({ data: { number: '2026-INV-0901', title: 'Culvert search', summary: 'Rex found 40% of the casing', leadId: actors.detective.id }, select: { id: true } })
    const investigations = async (q: string) => (await listInvestigations(actors.detective, ListInvestigationsSchema.parse({ q }))).rows.map((r) => r.id)
    expect(await investigations('40% of')).toEqual([inv.id])
    for (const q of ['Culvert_search', 'culvert%casing', '4_% of']) expect(await investigations(q), q).toEqual([])
    // The audit trail's person filter: a label with an underscore, and one the underscore would stand for.
    await appendAudit(null, 'auth.sign_in_failed', null, { actorLabel: 'wild_card@lookup.test', outcome: 'FAILURE' })
    await appendAudit(null, 'auth.sign_in_failed', null, { actorLabel: 'wildxcard@lookup.test', outcome: 'FAILURE' })
    const trail = async (actor: string) => (await listAuditEvents(actors.admin, AuditFilterSchema.parse({ actor }))).rows.map((r) => r.actor)
    expect(await trail('wild_card')).toEqual(['wild_card@lookup.test'])
    expect(await trail('wild%card')).toEqual([])
  })
})

describe('a typed dog among many of the same name', () => {
  it('is the one whose K-9 number was typed, in a form and in the list filters, even past the first twenty of that name', async () => {
    // 25 dogs called Bolt; K9-6024 sorts last by name and number, after the 20 a lookup reads.
    const bolts: string[] = []
    for (let i = 0; i < 25; i++) {
      bolts.push((await db.dog.create({ data: { k9Number: `K9-60${String(i).padStart(2, '0')}`, name: 'Bolt', breed: 'Malinois', sex: 'FEMALE', dateOfBirth: new Date('2021-05-01') }, select: { id: true } })).id)
    }
    for (const typed of ['Bolt (K9-6024)', 'bolt (k9-6024)', 'K9-6024']) {
      const match = await matchDog(db, typed)
      expect(match.ok && match.dog.id, typed).toBe(bolts[24])
    }
    const several = await matchDog(db, 'Bolt')
    expect(several).toEqual({ ok: false, message: 'Several dogs are called “Bolt”: Bolt (K9-6000); Bolt (K9-6001); Bolt (K9-6002); …. Enter the K-9 number.' })
    // The incident and medical lists' dog filter: the suggestion's text filters by that dog alone; the name by every Bolt.
    expect(await resolveDogFilter(actors.detective, 'Bolt (K9-6024)')).toEqual({ ids: [bolts[24]], label: 'Bolt (K9-6024)' })
    const byName = await resolveDogFilter(actors.detective, 'BOLT')
    expect(byName?.label).toBe('BOLT')
    expect(byName?.ids.toSorted()).toEqual(bolts.toSorted())
  })

  it('is, for a handler, the one whose badge was typed, in a form and in the list filters, even past the first twenty of that name', async () => {
    const lees: string[] = []
    for (let i = 0; i < 25; i++) {
      lees.push((await db.handler.create({ data: { badgeNumber: `B-70${String(i).padStart(2, '0')}`, firstName: 'Kim', lastName: 'Lee', rank: 'Officer', unit: 'K-9 South' }, select: { id: true } })).id)
    }
    for (const typed of ['Lee, Kim (B-7024)', 'lee, kim (b-7024)', 'B-7024']) {
      const match = await matchHandler(db, typed)
      expect(match.ok && match.handler.id, typed).toBe(lees[24])
    }
    expect((await matchHandler(db, 'Kim Lee')).ok).toBe(false)
    expect(await resolveHandlerFilter(actors.detective, 'Lee, Kim (B-7024)')).toEqual({ ids: [lees[24]], label: 'Lee, Kim (B-7024)' })
    const byName = await resolveHandlerFilter(actors.detective, 'kim lee')
    expect(byName?.ids.toSorted()).toEqual(lees.toSorted())
  })
})
