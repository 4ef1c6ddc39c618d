import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import type { Prisma } from '@/lib/generated/prisma/client'
import { custodyHash } from '@/lib/custody'
import { isAppError } from '@/lib/errors'
import { GENESIS_HASH } from '@/lib/hash-chain'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import {
  cancelTransfer,
  carryOutDisposition,
  checkInEvidence,
  checkOutEvidence,
  collectEvidence,
  confirmReceipt,
  createStorageLocation,
  decideDisposition,
  declineTransfer,
  recordLabResult,
  requestDisposition,
  returnFromLab,
  storeEvidence,
  submitToLab,
  transferEvidence,
} from '@/lib/server/evidence/commands'
import { evidenceListScope, getEvidenceItem, getEvidenceLabel, getStorageLocationLabel, listEvidence, listStorageLocations, resolveScannedCode } from '@/lib/server/evidence/queries'
import bwipjs from 'bwip-js/node'
import { generateCustodyReport } from '@/lib/server/evidence/report'
import { requestChainVerification } from '@/lib/server/evidence/verification-runs'
import { verifyItemChain } from '@/lib/server/evidence/verify'
import { mayUploadTo } from '@/lib/server/uploads/targets'
import { evidenceScope } from '@/lib/server/evidence/scope'
import { CHAIN_EVENT_SELECT, verifyItemEvents } from '@/lib/server/evidence/chain'
import { verifyAllNow } from '../helpers/verification'

/**
 * The evidence room against a real PostgreSQL (this file's own database):
 * who sees and moves what, the hash chain through a full journey, tampering
 * behind the application's back, and racing transfers.
 */

const people: Record<string, Actor> = {}
let locationId: string

async function makeUser(key: string, role: Role): Promise<Actor> {
  const email = `${key}-${randomUUID().slice(0, 8)}@evidence.test`
  const u = await db.user.create({ data: { email, name: `${key} (${role})`, role, passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  return { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null }
}

/** An item collected by `collector` with its first custody event (what intake would write). */
async function collectItem(collector: Actor, description = 'Test item') {
  const item = await db.evidenceItem.create({
    data: {
      number: `EV-T-${randomUUID().slice(0, 12)}`,
      description,
      category: 'BALLISTIC',
      collectedAt: new Date(),
      collectedById: collector.id,
      collectedAtPlace: 'Test scene',
      sealNumber: 'SEAL-1',
      currentCustodianId: collector.id,
    },
    select: { id: true },
  })
  const content = {
    evidenceItemId: item.id, sequence: 1, action: 'COLLECTED', occurredAt: new Date(), actorId: collector.id, fromUserId: null, toUserId: collector.id,
    locationId: null, place: 'Test scene', labName: null, purpose: 'Collected', sealIntact: true, notes: null,
  } as const
  const hash = custodyHash(GENESIS_HASH, content)
  await db.custodyEvent.create({ data: { ...content, prevHash: GENESIS_HASH, hash } })
  await db.evidenceItem.update({ where: { id: item.id }, data: { headSequence: 1, headHash: hash, version: 1 } })
  return item.id
}

async function versionOf(id: string) {
  return (await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
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

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.userMessage
    throw error
  }
  return ''
}

/**
 * The bars a Code 128 SVG draws, in module widths, left to right (the renderer
 * draws each bar as a vertical stroke whose width is scale × modules).
 */
function barsOf(svg: string, scale = 2): number[] {
  const bars: Array<{ x: number; w: number }> = []
  for (const path of svg.matchAll(/<path stroke="#000000" stroke-width="([\d.]+)" d="([^"]+)"/g)) {
    for (const seg of path[2]!.matchAll(/M([\d.]+) [\d.]+L([\d.]+) [\d.]+/g)) bars.push({ x: Number(seg[1]), w: Number(path[1]) / scale })
  }
  return bars.sort((a, b) => a.x - b.x).map((b) => b.w)
}

/** Checks the symbol is well-formed Code 128 for `text`, and that the SVG draws exactly its bars. */
function expectCode128(barcode: { symbology: string; text: string; svg: string; dataUrl: string }, text: string) {
  expect(barcode.symbology).toBe('code128')
  expect(barcode.text).toBe(text)
  expect(barcode.svg).toMatch(/^<svg viewBox="0 0 \d+ \d+" xmlns="http:\/\/www.w3.org\/2000\/svg">/)
  expect(Buffer.from(barcode.dataUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString()).toBe(barcode.svg)
  const [symbol] = bwipjs.raw('code128', text, {}) as Array<{ sbs: number[] }>
  const sbs = symbol!.sbs
  // Start A/B/C (211412 / 211214 / 211232), 11-module symbols, and the 13-module stop 2331112.
  expect(['211412', '211214', '211232']).toContain(sbs.slice(0, 6).join(''))
  expect(sbs.slice(-7).join('')).toBe('2331112')
  for (let i = 0; i < sbs.length - 7; i += 6) expect(sbs.slice(i, i + 6).reduce((a, b) => a + b, 0)).toBe(11)
  // The SVG draws the bars (even positions) of that very symbol.
  expect(barsOf(barcode.svg)).toEqual(sbs.filter((_, i) => i % 2 === 0))
}

const transfer = (evidenceId: string, version: number, toUserId: string) => ({ evidenceId, version, toUserId, toUser: undefined, place: 'Station', purpose: 'Hand-over', sealIntact: true, notes: undefined })

beforeAll(async () => {
  for (const [key, role] of [
    ['carter', 'OFFICER'], ['sharp', 'OFFICER'], ['daniels', 'OFFICER'], ['patel', 'VETERINARIAN'], ['hayes', 'VETERINARIAN'],
    ['evans', 'EVIDENCE_TECH'], ['morgan', 'DETECTIVE'], ['ruiz', 'SUPERVISOR'], ['admin', 'ADMIN'],
  ] as const) {
    people[key] = await makeUser(key, role)
  }
  locationId = (await db.storageLocation.create({ data: { code: `EVR-T-${randomUUID().slice(0, 6)}`, room: 'Test room' }, select: { id: true } })).id
})

describe('intake', () => {
  const input = { description: 'Spent casing', category: 'BALLISTIC' as const, collectedAt: undefined, collectedAtPlace: 'Car park', sealNumber: 'S-9', incidentNumber: undefined, medicalRecordId: undefined, sealIntact: true, notes: undefined }

  it('numbers the item, makes the collector its custodian and starts a verifying chain', async () => {
    const now = new Date(Date.UTC(2031, 4, 1, 12))
    const a = await collectEvidence(people.carter!, { ...input, collectedAt: new Date(Date.UTC(2031, 4, 1, 11)) }, now)
    const b = await collectEvidence(people.patel!, { ...input, collectedAt: new Date(Date.UTC(2031, 4, 1, 11, 30)) }, now)
    expect([a.number, b.number]).toEqual(['EV-2031-000001', 'EV-2031-000002'])
    const item = await db.evidenceItem.findUniqueOrThrow({ where: { id: a.id }, select: { status: true, currentCustodianId: true, headSequence: true, custodyEvents: { select: { action: true, toUserId: true } } } })
    expect(item).toEqual({ status: 'IN_CUSTODY', currentCustodianId: people.carter!.id, headSequence: 1, custodyEvents: [{ action: 'COLLECTED', toUserId: people.carter!.id }] })
    expect(await verifyItemChain(a.id)).toMatchObject({ ok: true, count: 1 })
    expect(await db.auditEvent.count({ where: { action: 'evidence.collected', entityId: a.id } })).toBe(1)
  })

  it('is refused to roles that do not collect, and checks the origin', async () => {
    for (const key of ['morgan', 'ruiz', 'admin']) expect(await codeOf(collectEvidence(people[key]!, input)), key).toBe('FORBIDDEN')
    expect(await codeOf(collectEvidence(people.carter!, { ...input, incidentNumber: 'INC-NOPE' }))).toBe('VALIDATION')
    // An incident number with `%` or `_` for its characters is no incident's (it would have taken whichever came first).
    const incident = await db.incident.create({
      data: { number: '2031-000042', type: 'PURSUIT', occurredAt: new Date('2031-04-01T10:00:00Z'), locationText: 'Car park', narrative: 'A pursuit.', reportingOfficerId: people.carter!.id },
      select: { number: true },
    })
    for (const incidentNumber of [`${incident.number.slice(0, -1)}_`, '%']) expect(await codeOf(collectEvidence(people.carter!, { ...input, incidentNumber })), incidentNumber).toBe('VALIDATION')
    expect(await codeOf(collectEvidence(people.evans!, { ...input, medicalRecordId: randomUUID() }))).toBe('VALIDATION')
    expect(await codeOf(collectEvidence(people.carter!, { ...input, collectedAt: new Date(Date.now() + 86_400_000) }))).toBe('VALIDATION')
  })

  it('numbers racing intakes without a gap or a repeat', async () => {
    const now = new Date(Date.UTC(2032, 0, 2))
    const made = await Promise.all(Array.from({ length: 10 }, () => collectEvidence(people.evans!, { ...input, collectedAt: new Date(Date.UTC(2032, 0, 1)) }, now)))
    expect(made.map((m) => m.number).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `EV-2032-${String(i + 1).padStart(6, '0')}`))
  })
})

describe('who sees an item', () => {
  it('scopes the list and the page per role; out of scope is a 404 (null)', async () => {
    const id = await collectItem(people.patel!)
    for (const key of ['patel', 'evans', 'morgan', 'ruiz']) expect(await getEvidenceItem(people[key]!, id), key).not.toBeNull()
    for (const key of ['hayes', 'carter', 'admin']) expect(await getEvidenceItem(people[key]!, id), key).toBeNull()
    // The page's upload form follows the upload route's rule: the collector and custodian, or an evidence technician.
    for (const [key, may] of [['patel', true], ['evans', true], ['morgan', false], ['ruiz', false]] as const) {
      expect((await getEvidenceItem(people[key]!, id))!.mayAddPhotos, key).toBe(may)
      expect(await mayUploadTo(people[key]!, 'evidenceItem', id), key).toBe(may)
    }

    // Once Carter has been named in a hand-over he sees it, and keeps seeing it after passing it on.
    await transferEvidence(people.patel!, transfer(id, await versionOf(id), people.carter!.id))
    expect(await getEvidenceItem(people.carter!, id)).not.toBeNull()
    await confirmReceipt(people.carter!, { evidenceId: id, version: await versionOf(id), place: 'Clinic', sealIntact: true, notes: undefined })
    expect((await getEvidenceItem(people.carter!, id))!.mayAddPhotos).toBe(true)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    await confirmReceipt(people.evans!, { evidenceId: id, version: await versionOf(id), place: 'Room A', sealIntact: true, notes: undefined })
    const list = await listEvidence(people.carter!, {})
    expect(list.rows.map((r) => r.id)).toContain(id)
    expect((await listEvidence(people.sharp!, {})).rows.map((r) => r.id)).not.toContain(id)
    expect((await listEvidence(people.hayes!, {})).rows.map((r) => r.id)).not.toContain(id)
    expect((await listEvidence(people.admin!, {})).total).toBe(0)
  })

  it('an officer\'s list reads the items of the scope by id, found from their own indexes; past the cap through the scope\'s filter; the same items either way', async () => {
    const daniels = people.daniels!
    const collected = await collectItem(daniels, 'Collected by Daniels')
    const held = await collectItem(people.patel!, 'Handed to Daniels')
    await transferEvidence(people.patel!, transfer(held, await versionOf(held), daniels.id))
    await confirmReceipt(daniels, { evidenceId: held, version: await versionOf(held), place: 'Clinic', sealIntact: true, notes: undefined })
    const pending = await collectItem(people.patel!, 'On its way to Daniels')
    await transferEvidence(people.patel!, transfer(pending, await versionOf(pending), daniels.id))
    const passedOn = await collectItem(people.patel!, 'Held by Daniels before')
    await transferEvidence(people.patel!, transfer(passedOn, await versionOf(passedOn), daniels.id))
    await confirmReceipt(daniels, { evidenceId: passedOn, version: await versionOf(passedOn), place: 'Clinic', sealIntact: true, notes: undefined })
    await transferEvidence(daniels, transfer(passedOn, await versionOf(passedOn), people.evans!.id))
    await confirmReceipt(people.evans!, { evidenceId: passedOn, version: await versionOf(passedOn), place: 'Room A', sealIntact: true, notes: undefined })
    const archived = await collectItem(daniels, 'Archived')
    await db.evidenceItem.update({ where: { id: archived }, data: { archivedAt: new Date() } })
    const ids = async (where: Prisma.EvidenceItemWhereInput | null) => (where ? (await db.evidenceItem.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id) : null)

    const byId = await evidenceListScope(daniels)
    expect(byId).toMatchObject({ archivedAt: null, id: { in: expect.any(Array) } })
    expect(await ids(byId)).toEqual([collected, held, pending, passedOn].sort())
    expect(await ids(byId)).toEqual(await ids(evidenceScope(daniels)))
    // Past the cap (here 3 items), the scope's own filter: the same items.
    expect(await evidenceListScope(daniels, { byIdUpTo: 3 })).toEqual(evidenceScope(daniels))
    // Every role: the same items as the scope.
    for (const key of ['carter', 'sharp', 'daniels', 'patel', 'hayes', 'evans', 'morgan', 'ruiz', 'admin']) {
      expect(await ids(await evidenceListScope(people[key]!)), key).toEqual(await ids(evidenceScope(people[key]!)))
    }
    const list = await listEvidence(daniels, {})
    expect(list.rows.map((r) => r.id).sort()).toEqual([collected, held, pending, passedOn].sort())
    expect(list.total).toBe(4)
  })

  it('the list\'s search box finds an item by its number from the start (with or without EV-), its seal, or a word of its description; an officer by any part of his own items', async () => {
    const id = await collectItem(people.carter!, 'Spent bullets in a zip bag')
    const item = await db.evidenceItem.update({ where: { id }, data: { number: 'EV-2031-000777', sealNumber: 'SEAL-0777001' }, select: { number: true } })
    const found = async (who: Actor, q: string) => (await listEvidence(who, { q })).rows.map((r) => r.id)
    for (const q of [item.number, 'ev-2031-000777', '2031-000777', '2031-0007', 'SEAL-0777', '0777001', 'bullet', 'zip bags']) expect(await found(people.evans!, q), q).toContain(id)
    for (const q of ['000777', 'ullet', '2031-000778']) expect(await found(people.evans!, q), q).not.toContain(id)
    // Carter sees only his own items: any part of a number or a word matches there.
    for (const q of ['000777', 'ullet', 'SEAL-0777']) expect(await found(people.carter!, q), q).toContain(id)
    expect(await found(people.sharp!, item.number)).not.toContain(id)
  })

  it('prints a label with a QR code of the item\'s page, for those who see the item', async () => {
    const id = await collectItem(people.carter!)
    const label = await getEvidenceLabel(people.evans!, id, 'https://k9.example')
    expect(label).toMatchObject({ url: `https://k9.example/evidence/${id}`, sealNumber: 'SEAL-1', collectedBy: people.carter!.name })
    expect(label!.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(await getEvidenceLabel(people.sharp!, id, 'https://k9.example')).toBeNull()
  })

  it('puts a Code 128 barcode of the item number on the label; scanning it (or the QR URL) opens the item, within the scanner\'s scope', async () => {
    const id = await collectItem(people.carter!)
    const { number } = await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { number: true } })
    const label = await getEvidenceLabel(people.carter!, id, 'https://k9.example')
    expectCode128(label!.barcode, number)
    expect(await resolveScannedCode(people.carter!, number)).toBe(`/evidence/${id}`)
    expect(await resolveScannedCode(people.evans!, `  ${number.toLowerCase()} `)).toBe(`/evidence/${id}`)
    expect(await resolveScannedCode(people.evans!, label!.url)).toBe(`/evidence/${id}`)
    // Someone who may not see the item gets nothing, exactly as for an unknown code.
    expect(await resolveScannedCode(people.daniels!, number)).toBeNull()
    expect(await resolveScannedCode(people.daniels!, label!.url)).toBeNull()
    expect(await resolveScannedCode(people.evans!, 'EV-1999-999999')).toBeNull()
    // A code with `_` or `%` standing for characters opens nothing.
    expect(await resolveScannedCode(people.evans!, number.replace(/-/g, '_'))).toBeNull()
    expect(await resolveScannedCode(people.evans!, `${number.slice(0, 8)}%`)).toBeNull()
    expect(await resolveScannedCode(people.evans!, '%')).toBeNull()
  })

  it('audits opening an item', async () => {
    const id = await collectItem(people.carter!)
    await getEvidenceItem(people.morgan!, id)
    expect(await db.auditEvent.count({ where: { action: 'evidence.viewed', entityId: id, actorId: people.morgan!.id } })).toBe(1)
  })
})

describe('who may move an item', () => {
  it('refuses someone who can see it but does not hold it, with the reason', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id))
    await confirmReceipt(people.sharp!, { evidenceId: id, version: await versionOf(id), place: 'Station', sealIntact: true, notes: undefined })
    // Carter held it before: he sees it but may no longer move it.
    const refused = transferEvidence(people.carter!, transfer(id, await versionOf(id), people.daniels!.id))
    expect(await messageOf(refused)).toMatch(/current custodian or an evidence technician/)
    expect(await codeOf(transferEvidence(people.carter!, transfer(id, await versionOf(id), people.daniels!.id)))).toBe('FORBIDDEN')
    // A detective sees everything but holds nothing here.
    expect(await codeOf(transferEvidence(people.morgan!, transfer(id, await versionOf(id), people.daniels!.id)))).toBe('FORBIDDEN')
    // An officer who never touched it: not found, exactly like a missing item.
    expect(await codeOf(transferEvidence(people.daniels!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('NOT_FOUND')
    // A vet who did not recover it: not found.
    expect(await codeOf(transferEvidence(people.hayes!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('NOT_FOUND')
    // The evidence technician may move any item (to someone else: the form never offered oneself, and the command refuses it).
    expect(await codeOf(transferEvidence(people.evans!, transfer(id, await versionOf(id), people.evans!.id)))).toBe('VALIDATION')
    expect(await codeOf(transferEvidence(people.evans!, transfer(id, await versionOf(id), people.daniels!.id)))).toBe('OK')
    // Only the named receiver confirms; nothing was written by the refusals.
    expect(await codeOf(confirmReceipt(people.sharp!, { evidenceId: id, version: await versionOf(id), place: 'x', sealIntact: true, notes: undefined }))).toBe('FORBIDDEN')
    expect(await db.custodyEvent.count({ where: { evidenceItemId: id } })).toBe(4)
  })

  it('writes each refused move to the audit log as DENIED, with the item and the reason, and nothing else', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id))
    await confirmReceipt(people.sharp!, { evidenceId: id, version: await versionOf(id), place: 'Station', sealIntact: true, notes: undefined })
    const before = await db.auditEvent.count({ where: { entityId: id } })
    let refusal: unknown
    try {
      await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.daniels!.id))
    } catch (error) {
      refusal = error
    }
    expect(isAppError(refusal) && refusal.code).toBe('FORBIDDEN')
    // Marked as audited, so the action layer does not write it a second time.
    expect(isAppError(refusal) && refusal.audited).toBe(true)
    await codeOf(cancelTransfer(people.morgan!, { evidenceId: id, version: await versionOf(id), reason: 'x', sealIntact: true, notes: undefined }))
    await codeOf(checkOutEvidence(people.morgan!, { evidenceId: id, version: await versionOf(id), purpose: 'x', sealIntact: true, notes: undefined }))
    const denied = await db.auditEvent.findMany({
      where: { entityType: 'EvidenceItem', entityId: id, outcome: 'DENIED' },
      orderBy: { seq: 'asc' },
      select: { action: true, actorId: true, details: true },
    })
    expect(denied).toEqual([
      { action: 'evidence.move_refused', actorId: people.carter!.id, details: { move: 'transfer', reason: expect.stringMatching(/current custodian or an evidence technician/) } },
      { action: 'evidence.move_refused', actorId: people.morgan!.id, details: { move: 'checkOut', reason: expect.stringMatching(/current custodian or an evidence technician/) } },
    ])
    // Cancelling with nothing in transit is a state CONFLICT, not a refusal of the person; no custody event was written by any of them.
    expect(await db.auditEvent.count({ where: { entityId: id } })).toBe(before + 2)
    expect(await db.custodyEvent.count({ where: { evidenceItemId: id } })).toBe(3)
    // Out of scope is a 404 and reveals nothing, so there is no item to attach a refusal to.
    expect(await codeOf(transferEvidence(people.daniels!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('NOT_FOUND')
    expect(await db.auditEvent.count({ where: { entityId: id } })).toBe(before + 2)
  })

  it('lets the vet who recovered an item hand it over, and refuses a supervisor', async () => {
    const id = await collectItem(people.patel!)
    expect(await codeOf(transferEvidence(people.ruiz!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('FORBIDDEN')
    expect(await codeOf(transferEvidence(people.patel!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('OK')
  })

  it('only hands over to an active person who can hold evidence', async () => {
    const id = await collectItem(people.carter!)
    const v = await versionOf(id)
    expect(await codeOf(transferEvidence(people.carter!, transfer(id, v, people.ruiz!.id)))).toBe('VALIDATION')
    expect(await codeOf(transferEvidence(people.carter!, transfer(id, v, people.admin!.id)))).toBe('VALIDATION')
    expect(await codeOf(transferEvidence(people.carter!, transfer(id, v, randomUUID())))).toBe('VALIDATION')
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { headSequence: true, status: true } })).toEqual({ headSequence: 1, status: 'IN_CUSTODY' })
  })
})

describe('the chain of custody', () => {
  it('a transfer and its receipt append two events; the item is in transit in between; the chain verifies', async () => {
    const id = await collectItem(people.carter!)
    const t = await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    expect(t.sequence).toBe(2)
    let item = await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true, pendingReceiverId: true } })
    expect(item).toEqual({ status: 'IN_TRANSIT', currentCustodianId: people.carter!.id, pendingReceiverId: people.evans!.id })
    // Nobody moves it while in transit, not even the giver.
    expect(await codeOf(transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id)))).toBe('CONFLICT')
    const r = await confirmReceipt(people.evans!, { evidenceId: id, version: await versionOf(id), place: 'Room A', sealIntact: true, notes: undefined })
    expect(r.sequence).toBe(3)
    item = await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true, pendingReceiverId: true } })
    expect(item).toEqual({ status: 'IN_CUSTODY', currentCustodianId: people.evans!.id, pendingReceiverId: null })
    const events = await db.custodyEvent.findMany({ where: { evidenceItemId: id }, orderBy: { sequence: 'asc' }, select: { action: true, fromUserId: true, toUserId: true } })
    expect(events.slice(1)).toEqual([
      { action: 'TRANSFERRED', fromUserId: people.carter!.id, toUserId: people.evans!.id },
      { action: 'RECEIVED', fromUserId: people.carter!.id, toUserId: people.evans!.id },
    ])
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 3, headHash: r.hash })
    expect(await db.auditEvent.count({ where: { entityId: id, action: { in: ['evidence.transferred', 'evidence.received'] } } })).toBe(2)
  })

  it('the giver cancels a hand-over not yet confirmed: a chained event, the item back with the giver, no longer in transit', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id))
    const cancel = { evidenceId: id, version: await versionOf(id), reason: 'Wrong officer named', sealIntact: true, notes: undefined }
    // Neither the receiver nor a detective may cancel it.
    expect(await messageOf(cancelTransfer(people.sharp!, cancel))).toMatch(/Only the person who handed the item over or an evidence technician/)
    expect(await codeOf(cancelTransfer(people.morgan!, cancel))).toBe('FORBIDDEN')
    const c = await cancelTransfer(people.carter!, cancel)
    expect(c.sequence).toBe(3)
    const item = await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true, pendingReceiverId: true } })
    expect(item).toEqual({ status: 'IN_CUSTODY', currentCustodianId: people.carter!.id, pendingReceiverId: null })
    const last = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: id, sequence: 3 }, select: { action: true, actorId: true, fromUserId: true, toUserId: true, purpose: true } })
    expect(last).toEqual({ action: 'TRANSFER_CANCELLED', actorId: people.carter!.id, fromUserId: people.sharp!.id, toUserId: people.carter!.id, purpose: 'Wrong officer named' })
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 3, headHash: c.hash })
    expect(await db.auditEvent.count({ where: { entityId: id, action: 'evidence.transfer_cancelled', outcome: 'SUCCESS' } })).toBe(1)
    // The page no longer says in transit, and offers the hand-over again; the would-be receiver can no longer confirm.
    const page = await getEvidenceItem(people.carter!, id)
    expect(page?.status).toBe('IN_CUSTODY')
    expect(page?.moves).toContain('transfer')
    expect(page?.moves).not.toContain('cancelTransfer')
    expect(await codeOf(confirmReceipt(people.sharp!, { evidenceId: id, version: await versionOf(id), place: 'x', sealIntact: true, notes: undefined }))).toBe('CONFLICT')
    // Nothing left to cancel.
    expect(await codeOf(cancelTransfer(people.carter!, { ...cancel, version: await versionOf(id) }))).toBe('CONFLICT')
  })

  it('an evidence technician may cancel anyone\'s hand-over; the receiver may decline one; each chain verifies', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id))
    const giver = await getEvidenceItem(people.carter!, id)
    const receiver = await getEvidenceItem(people.sharp!, id)
    expect(giver?.moves).toEqual(['cancelTransfer'])
    expect(receiver?.moves).toEqual(['receive', 'decline'])
    await cancelTransfer(people.evans!, { evidenceId: id, version: await versionOf(id), reason: 'Booked into the room instead', sealIntact: true, notes: undefined })
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true } })).toEqual({ status: 'IN_CUSTODY', currentCustodianId: people.carter!.id })

    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.sharp!.id))
    const decline = { evidenceId: id, version: await versionOf(id), reason: 'Seal broken on arrival', sealIntact: false, notes: undefined }
    expect(await codeOf(declineTransfer(people.carter!, decline))).toBe('FORBIDDEN')
    expect(await codeOf(declineTransfer(people.evans!, decline))).toBe('FORBIDDEN')
    const d = await declineTransfer(people.sharp!, decline)
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true, pendingReceiverId: true } })).toEqual({
      status: 'IN_CUSTODY',
      currentCustodianId: people.carter!.id,
      pendingReceiverId: null,
    })
    const events = await db.custodyEvent.findMany({ where: { evidenceItemId: id }, orderBy: { sequence: 'asc' }, select: { action: true, fromUserId: true, toUserId: true, sealIntact: true } })
    expect(events.map((e) => e.action)).toEqual(['COLLECTED', 'TRANSFERRED', 'TRANSFER_CANCELLED', 'TRANSFERRED', 'TRANSFER_DECLINED'])
    expect(events[4]).toEqual({ action: 'TRANSFER_DECLINED', fromUserId: people.sharp!.id, toUserId: people.carter!.id, sealIntact: false })
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 5, headHash: d.hash })
    expect(await db.auditEvent.count({ where: { entityId: id, action: 'evidence.transfer_declined' } })).toBe(1)
    // A stale form (the item moved since) writes nothing.
    expect(await codeOf(cancelTransfer(people.carter!, { evidenceId: id, version: 1, reason: 'x', sealIntact: true, notes: undefined }))).toBe('CONFLICT')
  })

  it('store, check out, submit to the lab, return, result, check in: every step chained and shown', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    await confirmReceipt(people.evans!, { evidenceId: id, version: await versionOf(id), place: 'Room A', sealIntact: true, notes: undefined })
    // Only a technician stores; an officer holding an item cannot.
    await storeEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), locationId, sealIntact: true, notes: undefined })
    expect(await codeOf(checkInEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), locationId, sealIntact: true, notes: undefined }))).toBe('CONFLICT')
    await checkOutEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), purpose: 'Lab', sealIntact: true, notes: undefined })
    const lab = await submitToLab(people.evans!, {
      evidenceId: id, version: await versionOf(id), lab: 'State Crime Laboratory', question: 'What is it?', labReference: 'SCL-1', dueAt: undefined, sealIntact: true, notes: undefined,
    })
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true } })).toEqual({ status: 'AT_LAB', currentCustodianId: null })
    expect(await codeOf(returnFromLab(people.carter!, { evidenceId: id, version: await versionOf(id), sealIntact: true, notes: undefined }))).toBe('FORBIDDEN')
    await returnFromLab(people.evans!, { evidenceId: id, version: await versionOf(id), sealIntact: true, notes: 'Lab seal SCL-2' })
    const result = { evidenceId: id, requestId: lab.labRequestId, examiner: 'J. Whitfield', method: 'XRF', findings: 'Copper jacket', conclusion: 'Fragment of a firearm projectile', reportedAt: undefined }
    expect(await codeOf(recordLabResult(people.carter!, result))).toBe('FORBIDDEN')
    expect(await codeOf(recordLabResult(people.evans!, result))).toBe('OK')
    expect(await codeOf(recordLabResult(people.morgan!, result))).toBe('CONFLICT')
    await checkInEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), locationId, sealIntact: true, notes: undefined })

    const page = await getEvidenceItem(people.morgan!, id)
    expect(page!.events.map((e) => e.action)).toEqual(['COLLECTED', 'TRANSFERRED', 'RECEIVED', 'STORED', 'CHECKED_OUT', 'SUBMITTED_TO_LAB', 'RETURNED_FROM_LAB', 'CHECKED_IN'])
    expect(page!.verification).toMatchObject({ ok: true, count: 8 })
    expect(page!.labRequests[0]).toMatchObject({ status: 'COMPLETED', submittedEvent: { sequence: 6 }, result: { conclusion: 'Fragment of a firearm projectile' } })
    expect(page!.storageLocation?.id).toBe(locationId)
    expect(page!.moves).toEqual([]) // a detective who does not hold it may not move it
    expect((await getEvidenceItem(people.evans!, id))!.moves).toEqual(['checkOut'])
  })

  it('a stale form (the item moved since the page was opened) is a CONFLICT that writes nothing', async () => {
    const id = await collectItem(people.evans!)
    const seen = await versionOf(id)
    await transferEvidence(people.evans!, transfer(id, seen, people.carter!.id))
    await confirmReceipt(people.carter!, { evidenceId: id, version: await versionOf(id), place: 'x', sealIntact: true, notes: undefined })
    expect(await codeOf(transferEvidence(people.evans!, transfer(id, seen, people.sharp!.id)))).toBe('CONFLICT')
    expect(await db.custodyEvent.count({ where: { evidenceItemId: id } })).toBe(3)
  })
})

describe('storage locations', () => {
  it('technicians add them under a unique code; the room sees them with QR codes; the list filters by location', async () => {
    const code = `EVR-Z-${Date.now() % 100000}`
    expect(await codeOf(createStorageLocation(people.carter!, { code, room: 'Room Z', shelf: undefined, bin: undefined, description: undefined }))).toBe('FORBIDDEN')
    const loc = await createStorageLocation(people.evans!, { code, room: 'Room Z', shelf: '1', bin: undefined, description: undefined })
    expect(await codeOf(createStorageLocation(people.evans!, { code, room: 'Again', shelf: undefined, bin: undefined, description: undefined }))).toBe('VALIDATION')
    const id = await collectItem(people.evans!)
    await storeEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), locationId: loc.id, sealIntact: true, notes: undefined })
    const rows = (await listStorageLocations(people.ruiz!, 'https://k9.example'))!.rows
    expect(rows.find((r) => r.code === code)).toMatchObject({ itemCount: 1, qrDataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/) })
    expect(await listStorageLocations(people.carter!, 'https://k9.example')).toBeNull()
    expect((await listEvidence(people.evans!, { location: code })).rows.map((r) => r.id)).toEqual([id])
  })

  it('each location has a printable label with a Code 128 barcode of its code; scanning it lists the items stored there', async () => {
    const code = `EVR-B-${Date.now() % 100000}`
    const loc = await createStorageLocation(people.evans!, { code, room: 'Room B', shelf: '2', bin: '7', description: undefined })
    const row = (await listStorageLocations(people.evans!, 'https://k9.example'))!.rows.find((r) => r.code === code)!
    expectCode128(row.barcode, code)
    const label = await getStorageLocationLabel(people.ruiz!, loc.id, 'https://k9.example')
    expect(label).toMatchObject({ code, room: 'Room B', shelf: '2', bin: '7', url: `https://k9.example/evidence?location=${code}` })
    expectCode128(label!.barcode, code)
    expect(await resolveScannedCode(people.evans!, code.toLowerCase())).toBe(`/evidence?location=${code}`)
    // Officers do not see the room's locations: no label, and a scanned location code opens nothing.
    expect(await getStorageLocationLabel(people.carter!, loc.id, 'https://k9.example')).toBeNull()
    expect(await resolveScannedCode(people.carter!, code)).toBeNull()
    expect(await getStorageLocationLabel(people.evans!, randomUUID(), 'https://k9.example')).toBeNull()
  })
})

describe('chain-of-custody report', () => {
  it('is a PDF with the verification result, for those who see the item, and is audited with its hash', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    const started = performance.now()
    const report = await generateCustodyReport(people.morgan!, id)
    const ms = Math.round(performance.now() - started)
    expect(report).not.toBeNull()
    expect(Buffer.from(report!.bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(report!.verification).toMatchObject({ ok: true, count: 2 })
    expect(await db.auditEvent.count({ where: { action: 'evidence.custody_report_generated', entityId: id, details: { path: ['sha256'], equals: report!.sha256 } } })).toBe(1)
    expect(await generateCustodyReport(people.daniels!, id)).toBeNull()
    console.log(`[evidence] custody report PDF: ${report!.pages} page(s), ${report!.bytes.length} bytes in ${ms} ms`)
  })
})

describe('disposition', () => {
  it('a technician asks, a supervisor decides, a technician carries it out; the chain closes', async () => {
    const id = await collectItem(people.evans!)
    expect(await codeOf(requestDisposition(people.carter!, { evidenceId: id, method: 'DESTROY', reason: 'x' }))).toBe('FORBIDDEN')
    const first = await requestDisposition(people.evans!, { evidenceId: id, method: 'DESTROY', reason: 'Case closed' })
    expect(await codeOf(requestDisposition(people.evans!, { evidenceId: id, method: 'DESTROY', reason: 'again' }))).toBe('CONFLICT')
    const carry = () => carryOutDisposition(people.evans!, { evidenceId: id, version: 1, requestId: first.id, recipient: undefined, sealIntact: true, notes: undefined })
    expect(await codeOf(carry())).toBe('CONFLICT') // not approved yet
    expect(await codeOf(decideDisposition(people.evans!, { evidenceId: id, requestId: first.id, requestVersion: 1, decision: 'approve', note: undefined }))).toBe('FORBIDDEN')
    await decideDisposition(people.ruiz!, { evidenceId: id, requestId: first.id, requestVersion: 1, decision: 'reject', note: 'Appeal pending' })
    expect(await codeOf(carry())).toBe('CONFLICT')

    const second = await requestDisposition(people.evans!, { evidenceId: id, method: 'RETURN_TO_OWNER', reason: 'Court order 12/31' })
    expect(await codeOf(decideDisposition(people.ruiz!, { evidenceId: id, requestId: second.id, requestVersion: 7, decision: 'approve', note: undefined }))).toBe('CONFLICT')
    await decideDisposition(people.ruiz!, { evidenceId: id, requestId: second.id, requestVersion: 1, decision: 'approve', note: undefined })
    expect(await codeOf(carryOutDisposition(people.ruiz!, { evidenceId: id, version: 1, requestId: second.id, recipient: 'Owner', sealIntact: true, notes: undefined }))).toBe('FORBIDDEN')
    expect(await codeOf(carryOutDisposition(people.evans!, { evidenceId: id, version: 1, requestId: second.id, recipient: undefined, sealIntact: true, notes: undefined }))).toBe('VALIDATION')
    await carryOutDisposition(people.evans!, { evidenceId: id, version: 1, requestId: second.id, recipient: 'J. Owner, ID 4411', sealIntact: true, notes: undefined })

    const item = await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, currentCustodianId: true, dispositions: { select: { status: true }, orderBy: { requestedAt: 'asc' } } } })
    expect(item).toEqual({ status: 'RELEASED', currentCustodianId: null, dispositions: [{ status: 'REJECTED' }, { status: 'CARRIED_OUT' }] })
    const last = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: id }, orderBy: { sequence: 'desc' }, select: { action: true, place: true, purpose: true } })
    expect(last).toEqual({ action: 'RELEASED', place: 'J. Owner, ID 4411', purpose: 'Return to owner: Court order 12/31' })
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 2 })
    expect(await codeOf(transferEvidence(people.evans!, transfer(id, await versionOf(id), people.carter!.id)))).toBe('CONFLICT')
    expect(await codeOf(requestDisposition(people.evans!, { evidenceId: id, method: 'DESTROY', reason: 'x' }))).toBe('CONFLICT')
    expect(await db.auditEvent.count({ where: { entityId: id, action: { startsWith: 'evidence.disposition_' } } })).toBe(4)
  })
})

describe('tamper evidence', () => {
  it('names the event altered by direct SQL with the append-only trigger disabled', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    await confirmReceipt(people.evans!, { evidenceId: id, version: await versionOf(id), place: 'Room A', sealIntact: true, notes: undefined })
    await storeEvidence(people.evans!, { evidenceId: id, version: await versionOf(id), locationId, sealIntact: true, notes: undefined })
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 4 })

    // The trigger stops the application's own connection…
    await expect(db.$executeRaw`UPDATE "CustodyEvent" SET "notes" = 'edited' WHERE "evidenceItemId" = ${id}::uuid AND "sequence" = 3`).rejects.toThrow()
    // …so the attacker is a superuser who disables it first (the test database connects as one).
    await db.$transaction([
      db.$executeRaw`ALTER TABLE "CustodyEvent" DISABLE TRIGGER ALL`,
      db.$executeRaw`UPDATE "CustodyEvent" SET "notes" = 'Seal was fine, honest' WHERE "evidenceItemId" = ${id}::uuid AND "sequence" = 3`,
      db.$executeRaw`ALTER TABLE "CustodyEvent" ENABLE TRIGGER ALL`,
    ])
    const altered = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: id, sequence: 3 }, select: { id: true, notes: true } })
    expect(altered.notes).toBe('Seal was fine, honest')
    expect(await verifyItemChain(id)).toEqual({ ok: false, count: 4, reason: 'hash-mismatch', brokenAtSequence: 3, brokenEventId: altered.id })
    expect((await getEvidenceItem(people.evans!, id))!.verification).toMatchObject({ ok: false, brokenAtSequence: 3 })
    const report = await verifyAllNow(people.evans!)
    expect(report.broken.map((b) => [b.evidenceItemId, b.reason, b.brokenAtSequence])).toContainEqual([id, 'HASH_MISMATCH', 3])
  })

  it('notices the last event deleted behind the application\'s back', async () => {
    const id = await collectItem(people.carter!)
    await transferEvidence(people.carter!, transfer(id, await versionOf(id), people.evans!.id))
    await db.$transaction([
      db.$executeRaw`ALTER TABLE "CustodyEvent" DISABLE TRIGGER ALL`,
      db.$executeRaw`DELETE FROM "CustodyEvent" WHERE "evidenceItemId" = ${id}::uuid AND "sequence" = 2`,
      db.$executeRaw`ALTER TABLE "CustodyEvent" ENABLE TRIGGER ALL`,
    ])
    expect(await verifyItemChain(id)).toMatchObject({ ok: false, reason: 'head-mismatch', count: 1 })
  })

  it('the evidence-room report is only for those who see every item', async () => {
    expect(await codeOf(requestChainVerification(people.carter!))).toBe('FORBIDDEN')
    expect(await verifyAllNow(people.ruiz!)).toMatchObject({ status: 'COMPLETED', trigger: 'REQUESTED', requestedById: people.ruiz!.id })
  })
})

describe('concurrency', () => {
  it('10 simultaneous transfers of one item: exactly one succeeds, the rest CONFLICT, no fork, the chain verifies', async () => {
    const id = await collectItem(people.evans!)
    const v = await versionOf(id)
    const receivers = [people.carter!, people.sharp!, people.daniels!, people.morgan!]
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => codeOf(transferEvidence(people.evans!, transfer(id, v, receivers[i % receivers.length]!.id)))))
    expect(results.filter((c) => c === 'OK')).toHaveLength(1)
    expect(results.filter((c) => c === 'CONFLICT')).toHaveLength(9)
    const events = await db.custodyEvent.findMany({ where: { evidenceItemId: id }, select: { sequence: true } })
    expect(events.map((e) => e.sequence).sort()).toEqual([1, 2])
    expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 2 })
  })

  it('100 items × 10 simultaneous transfers each: one event per item, no lost or forked event, every chain verifies', async () => {
    const ids = await Promise.all(Array.from({ length: 100 }, () => collectItem(people.evans!)))
    const started = performance.now()
    const results: string[] = []
    // Ten items at a time (100 transactions in flight), each raced by ten transfers at once.
    for (let i = 0; i < ids.length; i += 10) {
      const wave = ids.slice(i, i + 10)
      results.push(...(await Promise.all(wave.flatMap((id) => Array.from({ length: 10 }, (_, k) => codeOf(transferEvidence(people.evans!, transfer(id, 1, [people.carter!, people.morgan!][k % 2]!.id))))))))
    }
    const raceMs = Math.round(performance.now() - started)
    expect(results.filter((c) => c === 'OK')).toHaveLength(100)
    expect(results.filter((c) => c === 'CONFLICT')).toHaveLength(900)
    const counts = await db.custodyEvent.groupBy({ by: ['evidenceItemId'], where: { evidenceItemId: { in: ids } }, _count: true, _max: { sequence: true } })
    expect(counts).toHaveLength(100)
    expect(counts.every((c) => c._count === 2 && c._max.sequence === 2)).toBe(true)
    const report = await verifyAllNow(people.evans!)
    // (the items tampered with above are this file's only broken chains)
    expect(report.broken.filter((b) => ids.includes(b.evidenceItemId))).toEqual([])
    expect(report.broken).toHaveLength(2)
    console.log(`[evidence] 1000 racing transfers on 100 items: ${raceMs} ms; verified ${report.itemsChecked} chains / ${report.eventsChecked} events in ${report.workMs} ms`)
  })
})

describe('the item page reads what is stored', () => {
  /** The page's read as Prisma makes it: the oracle for the hand-written statement (lib/server/evidence/queries.ts, EVIDENCE_DETAIL). */
  const person = { select: { id: true, name: true } }
  const name = { select: { name: true } }
  async function oracle(actor: Actor, id: string) {
    const scope = evidenceScope(actor)
    if (!scope) return null
    const item = await db.evidenceItem.findFirst({
      where: { AND: [{ id }, scope] },
      select: {
        id: true, number: true, description: true, category: true, status: true, collectedAt: true, collectedAtPlace: true, sealNumber: true, headSequence: true, headHash: true, version: true, createdAt: true,
        collectedBy: person, currentCustodian: person, pendingReceiver: person,
        storageLocation: { select: { id: true, code: true, room: true, shelf: true, bin: true } },
        originIncident: { select: { id: true, number: true, type: true, occurredAt: true } },
        originMedicalRecord: { select: { id: true, kind: true, occurredAt: true, clinic: true, dog: { select: { id: true, name: true } } } },
        custodyEvents: { orderBy: { sequence: 'asc' }, select: { ...CHAIN_EVENT_SELECT, actor: name, fromUser: name, toUser: name, location: { select: { code: true } } } },
        dispositions: { orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], take: 20, select: { id: true, method: true, reason: true, status: true, version: true, requestedAt: true, decidedAt: true, decisionNote: true, requestedBy: person, decidedBy: name } },
        labRequests: {
          orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
          take: 50,
          select: {
            id: true, lab: true, question: true, labReference: true, status: true, requestedAt: true, dueAt: true, requestedBy: name, submittedEvent: { select: { sequence: true } },
            result: { select: { id: true, examiner: true, method: true, findings: true, conclusion: true, reportedAt: true, recordedBy: name } },
          },
        },
      },
    })
    if (!item) return null
    const { custodyEvents, ...rest } = item
    return {
      ...rest,
      events: custodyEvents.map((e) => ({
        id: e.id, sequence: e.sequence, action: e.action, occurredAt: e.occurredAt, actorName: e.actor.name, fromName: e.fromUser?.name ?? null, toName: e.toUser?.name ?? null, locationCode: e.location?.code ?? null,
        place: e.place, labName: e.labName, purpose: e.purpose, sealIntact: e.sealIntact, notes: e.notes, hash: e.hash, prevHash: e.prevHash,
      })),
      verification: verifyItemEvents(custodyEvents, item),
    }
  }

  it('is what Prisma reads, for items with lab work, dispositions, broken chains and origins, for every role', async () => {
    // Origins and a place in storage on two more items.
    const dog = await db.dog.create({ data: { k9Number: `K9-EV-${randomUUID().slice(0, 6)}`, name: 'Rex', breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-03-01') }, select: { id: true } })
    const incident = await db.incident.create({ data: { number: `2026-${randomUUID().slice(0, 6)}`, type: 'KIDNAPPING', occurredAt: new Date('2026-11-11T22:40:00.120Z'), locationText: 'Mill Lane', narrative: 'Factory call-out.', reportingOfficerId: people.carter!.id }, select: { id: true } })
    const record = await db.medicalRecord.create({ data: { dogId: dog.id, kind: 'SURGERY', occurredAt: new Date('2026-11-13T00:39:00Z'), clinic: 'Westholm Referral Clinic', veterinarianId: people.patel!.id }, select: { id: true } })
    const fromScene = await collectItem(people.carter!, 'Pipe')
    const fromSurgery = await collectItem(people.patel!, 'Bullet fragment')
    await db.evidenceItem.update({ where: { id: fromScene }, data: { originIncidentId: incident.id, storageLocationId: locationId, pendingReceiverId: people.sharp!.id } })
    await db.evidenceItem.update({ where: { id: fromSurgery }, data: { originMedicalRecordId: record.id } })

    const items = await db.evidenceItem.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 60, select: { id: true } })
    const ids = [...new Set([...items.map((i) => i.id), fromScene, fromSurgery])]
    const seen = { lab: 0, result: 0, disposition: 0, broken: 0, origin: 0, page: 0 }
    for (const id of ids) {
      for (const [key, actor] of Object.entries(people)) {
        const expected = await oracle(actor, id)
        const page = await getEvidenceItem(actor, id)
        if (expected === null) {
          expect(page, `${key} ${id}`).toBeNull()
          continue
        }
        expect(page, `${key} ${id}`).toMatchObject(expected)
        seen.page++
        // The report forms under each lab result answer as the upload route does.
        for (const r of page!.labRequests) if (r.result) expect(page!.mayAddLabReports, `${key} ${r.result.id}`).toBe(await mayUploadTo(actor, 'labResult', r.result.id))
        if (key === 'evans') {
          if (page!.labRequests.length) seen.lab++
          if (page!.labRequests.some((r) => r.result)) seen.result++
          if (page!.dispositions.length) seen.disposition++
          if (!page!.verification.ok) seen.broken++
          if (page!.originIncident || page!.originMedicalRecord) seen.origin++
        }
      }
    }
    // The comparison covered every part of the page, not only its empty lists.
    expect(Object.values(seen).every((n) => n > 0), JSON.stringify(seen)).toBe(true)
  })
})
