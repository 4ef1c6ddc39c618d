import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { MAX_UPLOAD_BYTES } from '@/lib/choices'
import type { Actor } from '@/lib/server/actor'
import { blobStore, keyFor } from '@/lib/server/blobs'
import { db } from '@/lib/server/db'
import { receiveUpload } from '@/lib/server/uploads/commands'
import { downloadAttachment } from '@/lib/server/uploads/download'
import { sweepUploads } from '@/lib/server/uploads/sweep'
import { dicom, elf, html, jpeg, pdf, peExe, png, pngBomb, streamOf, svgWithScript, webp, zip } from '../helpers/upload-fixtures'

/**
 * Evidence-grade uploads (issue 5 item 4, issue 9 item 2): the route's
 * function called with real Requests whose bodies are streams, against a real
 * database and the test's own blob folder (BLOB_DIR).
 */

const ROLES: Role[] = ['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN']
const actors = new Map<Role, Actor>()
const as = (role: Role) => actors.get(role)!
let otherOfficer: Actor
let recordId: string
let itemId: string
let labResultId: string
let incidentId: string
let otherIncidentId: string

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

type Query = Record<string, string>
function uploadRequest(body: Uint8Array | ReadableStream<Uint8Array>, query: Query, headers: Record<string, string> = {}): Request {
  const url = new URL('http://k9.test/api/uploads')
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
  return new Request(url, {
    method: 'POST',
    body: body instanceof ReadableStream ? body : streamOf(body),
    // @ts-expect-error Node's fetch needs duplex for a streamed body (not in the DOM lib types)
    duplex: 'half',
    headers: { 'content-type': 'application/octet-stream', origin: 'http://k9.test', ...headers },
  })
}

async function upload(actor: Actor, body: Uint8Array | ReadableStream<Uint8Array>, query: Partial<Query> = {}, headers: Record<string, string> = {}) {
  const res = await receiveUpload(uploadRequest(body, { target: 'medicalRecord', targetId: recordId, fileName: 'xray.png', ...query } as Query, headers), actor)
  return { status: res.status, body: (await res.json()) as { id?: string; sha256?: string; mediaType?: string; fileName?: string; error?: string; fieldErrors?: Record<string, string[]> } }
}

async function blobFiles(): Promise<string[]> {
  const store = await blobStore()
  const keys: string[] = []
  for await (const b of store.list()) keys.push(b.key)
  return keys.sort()
}
async function tmpFiles(): Promise<string[]> {
  const store = await blobStore()
  return existsSync(store.tmpDir) ? readdirSync(store.tmpDir) : []
}
const attachmentCount = () => db.attachment.count()

/** Nothing stored by a refused upload: no row, no blob, no temp file. */
async function expectNothingStored(run: () => Promise<unknown>) {
  const [rows, blobs] = [await attachmentCount(), await blobFiles()]
  await run()
  expect(await attachmentCount()).toBe(rows)
  expect(await blobFiles()).toEqual(blobs)
  expect(await tmpFiles()).toEqual([])
}

beforeAll(async () => {
  for (const role of ROLES) {
    const u = await db.user.create({ data: { email: `uploads-${role.toLowerCase()}@k9.test`, name: `Test ${role}`, role, passwordHash: 'not-a-hash' }, select: { id: true, email: true, name: true, role: true } })
    actors.set(role, { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null })
  }
  const handler = await db.handler.create({ data: { badgeNumber: 'B-1047', firstName: 'Luke', lastName: 'Carter', rank: 'Officer', unit: 'K-9', userId: as('OFFICER').id }, select: { id: true } })
  actors.set('OFFICER', { ...as('OFFICER'), handlerId: handler.id })
  const other = await db.user.create({ data: { email: 'uploads-other@k9.test', name: 'Other Officer', role: 'OFFICER', passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  otherOfficer = { ...other, handlerId: null, sessionId: null, ip: null, userAgent: null }
  const dog = await db.dog.create({ data: { k9Number: 'K9-114', name: 'Rex', breed: 'Belgian Malinois', sex: 'MALE', dateOfBirth: new Date('2019-03-01'), specialties: ['PATROL'] }, select: { id: true } })
  await db.handlerAssignment.create({ data: { dogId: dog.id, handlerId: handler.id, startedAt: new Date('2022-01-01'), openDogId: dog.id } })
  recordId = (await db.medicalRecord.create({ data: { dogId: dog.id, kind: 'IMAGING', occurredAt: new Date('2026-01-12T10:00:00Z'), clinic: 'Northside', veterinarianId: as('VETERINARIAN').id }, select: { id: true } })).id
  itemId = (
    await db.evidenceItem.create({
      data: { number: 'EV-2026-000001', description: 'Metal fragment', category: 'BALLISTIC', collectedAt: new Date('2026-01-12T12:00:00Z'), collectedById: as('VETERINARIAN').id, collectedAtPlace: 'Northside OR', currentCustodianId: as('OFFICER').id },
      select: { id: true },
    })
  ).id
  const request = await db.labRequest.create({ data: { evidenceItemId: itemId, lab: 'State ballistics lab', question: 'What is it?', requestedById: as('DETECTIVE').id, requestedAt: new Date() }, select: { id: true } })
  labResultId = (await db.labResult.create({ data: { requestId: request.id, examiner: 'Dr Ames', method: 'Microscopy', findings: 'Copper jacket', conclusion: 'Fragment of a firearm projectile', reportedAt: new Date(), recordedById: as('DETECTIVE').id }, select: { id: true } })).id
  incidentId = (await db.incident.create({ data: { number: 'INC-2026-0001', type: 'ARMED_SUSPECT', occurredAt: new Date('2026-01-01T02:00:00Z'), locationText: 'Factory', narrative: 'Call-out', reportingOfficerId: as('OFFICER').id }, select: { id: true } })).id
  otherIncidentId = (await db.incident.create({ data: { number: 'INC-2026-0002', type: 'BURGLARY', occurredAt: new Date('2026-01-02T02:00:00Z'), locationText: 'Shop', narrative: 'Alarm', reportingOfficerId: otherOfficer.id }, select: { id: true } })).id
})

describe('accepted files', () => {
  it('stores a PNG radiograph under the SHA-256 of its bytes, with its size, a thumbnail and an audit event', async () => {
    const bytes = await png(640, 480)
    const res = await upload(as('VETERINARIAN'), bytes, { fileName: 'rex-thorax-lateral.png', description: 'Thorax, lateral', modality: 'XRAY', view: 'Right lateral', bodyRegion: 'Thorax' })
    expect(res.status).toBe(201)
    expect(res.body.sha256).toBe(sha(bytes))
    const row = await db.attachment.findUniqueOrThrow({ where: { id: res.body.id! } })
    expect(row).toMatchObject({ medicalRecordId: recordId, mediaType: 'image/png', sizeBytes: bytes.length, sha256: sha(bytes), blobKey: keyFor(sha(bytes)), widthPx: 640, heightPx: 480, modality: 'XRAY', view: 'Right lateral', bodyRegion: 'Thorax', fileName: 'rex-thorax-lateral.png', description: 'Thorax, lateral' })
    const store = await blobStore()
    expect(await store.hashOf(row.blobKey)).toBe(sha(bytes))
    const thumb = await sharp(Buffer.concat(await (await store.read(row.thumbnailKey!)).toArray())).metadata()
    expect(thumb.format).toBe('jpeg')
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320)
    expect(await db.auditEvent.count({ where: { action: 'attachment.uploaded', entityId: row.id, actorId: as('VETERINARIAN').id } })).toBe(1)
    expect(await tmpFiles()).toEqual([])
  })

  it('accepts JPEG and WebP, judged by their bytes', async () => {
    const j = await upload(as('VETERINARIAN'), await jpeg(), { fileName: 'a.jpg' })
    expect([j.status, j.body.mediaType]).toEqual([201, 'image/jpeg'])
    const w = await upload(as('VETERINARIAN'), await webp(), { fileName: 'b.webp' })
    expect([w.status, w.body.mediaType]).toEqual([201, 'image/webp'])
  })

  it('stores a DICOM study with its key tags and a PNG preview rendered from its pixels', async () => {
    const bytes = dicom({ rows: 96, columns: 128 })
    const res = await upload(as('VETERINARIAN'), bytes, { fileName: 'IM0001.dcm' })
    expect(res.status).toBe(201)
    const row = await db.attachment.findUniqueOrThrow({ where: { id: res.body.id! } })
    expect(row).toMatchObject({ mediaType: 'application/dicom', widthPx: 128, heightPx: 96, modality: 'XRAY', bodyRegion: 'thorax', view: 'LL', fileName: 'IM0001.dcm' })
    expect(row.metadata).toMatchObject({ dicom: { patientName: 'REX K9-114', patientId: 'K9-114', modality: 'DX', bodyPart: 'THORAX', studyDate: '2026-01-12', rows: 96, columns: 128, previewNote: null } })
    const store = await blobStore()
    const preview = Buffer.concat(await (await store.read(row.previewKey!)).toArray())
    expect((await sharp(preview).metadata()).format).toBe('png')
    const { data, info } = await sharp(preview).extractChannel(0).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height, info.channels]).toEqual([128, 96, 1])
    // The "fragment" in the middle is the brightest thing in the picture; the left edge is dark.
    expect(data[48 * 128 + 64]).toBe(255)
    expect(data[48 * 128]).toBeLessThan(30)
    expect(row.thumbnailKey).toBeTruthy()
  })

  it('keeps the tags of a compressed DICOM study but says why it has no preview', async () => {
    const res = await upload(as('VETERINARIAN'), dicom({ transferSyntax: '1.2.840.10008.1.2.4.90', patientName: 'BELLA' }), { fileName: 'j2k.dcm' })
    expect(res.status).toBe(201)
    const row = await db.attachment.findUniqueOrThrow({ where: { id: res.body.id! } })
    expect(row.previewKey).toBeNull()
    expect((row.metadata as { dicom: { previewNote: string } }).dicom.previewNote).toMatch(/compressed/)
  })

  it('accepts a PDF as a lab report, but not on a medical record', async () => {
    const ok = await upload(as('DETECTIVE'), pdf(), { target: 'labResult', targetId: labResultId, fileName: 'ballistics-report.pdf' })
    expect([ok.status, ok.body.mediaType]).toEqual([201, 'application/pdf'])
    await expectNothingStored(async () => {
      const refused = await upload(as('VETERINARIAN'), pdf(), { fileName: 'scan.pdf' })
      expect(refused.status).toBe(415)
      expect(refused.body.error).toMatch(/PDF/)
      expect(refused.body.fieldErrors?.file?.[0]).toMatch(/lab report/)
    })
  })

  it('gives back the existing attachment when the same bytes are sent to the same record twice', async () => {
    const bytes = await png(33, 33)
    const first = await upload(as('VETERINARIAN'), bytes, { fileName: 'twice.png' })
    const again = await upload(as('VETERINARIAN'), bytes, { fileName: 'twice.png' })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body.id).toBe(first.body.id)
    expect(await db.attachment.count({ where: { sha256: sha(bytes) } })).toBe(1)
  })
})

describe('refused files: each refused with a clear message, nothing stored', () => {
  it.each([
    ['an SVG with a script', svgWithScript, 'evil.png', /SVG/],
    ['an HTML page', html, 'page.jpg', /HTML/],
    ['a ZIP archive', zip, 'xray.png', /ZIP archive/],
    ['an ELF executable', elf, 'xray.png', /Linux program/],
    ['a Windows executable', peExe, 'xray.jpg', /Windows program/],
    ['unknown bytes', () => Buffer.from('just some words, nothing else at all'), 'x.png', /do not recognise/],
  ])('%s', async (_name, make, fileName, message) => {
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), make(), { fileName }, { 'content-type': 'image/png' })
      expect(res.status).toBe(415)
      expect(res.body.fieldErrors?.file?.[0]).toMatch(message)
      expect(res.body.fieldErrors?.file?.[0]).toMatch(/Nothing was stored/)
    })
    expect(await db.auditEvent.count({ where: { action: 'attachment.refused', entityId: recordId } })).toBeGreaterThan(0)
  })

  it('judges a disguised file by its bytes: a PNG named .jpg and sent as image/jpeg is stored as a PNG', async () => {
    const res = await upload(as('VETERINARIAN'), await png(20, 20), { fileName: 'disguised.jpg' }, { 'content-type': 'image/jpeg' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ mediaType: 'image/png', fileName: 'disguised.png' })
    const j = await upload(as('VETERINARIAN'), await jpeg(32, 32), { fileName: 'claims.png' }, { 'content-type': 'image/png' })
    expect(j.body).toMatchObject({ mediaType: 'image/jpeg', fileName: 'claims.jpg' })
  })

  it('refuses a body over 50 MB as soon as it passes the limit, without reading the rest', async () => {
    const chunk = new Uint8Array(1024 * 1024)
    let pulled = 0
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        if (pulled > 60) return controller.close()
        controller.enqueue(chunk.slice())
      },
      cancel() {
        cancelled = true
      },
    })
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), body, { fileName: 'huge.png' })
      expect(res.status).toBe(413)
      expect(res.body.error).toMatch(/larger than 50 MB/)
    })
    expect(cancelled).toBe(true)
    // 51 MB sent at most (plus the stream's one-chunk read-ahead), never the other 9.
    expect(pulled).toBeLessThanOrEqual(MAX_UPLOAD_BYTES / chunk.length + 2)
  })

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({ pull: (c) => { pulled++; c.enqueue(new Uint8Array(10)) } })
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), body, {}, { 'content-length': String(51 * 1024 * 1024) })
      expect(res.status).toBe(413)
    })
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('refuses a pixel bomb (a tiny PNG declaring 30000 × 30000) before decoding it', async () => {
    const bomb = pngBomb()
    expect(bomb.length).toBeLessThan(2000)
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), bomb, { fileName: 'bomb.png' })
      expect(res.status).toBe(422)
      expect(res.body.error).toMatch(/30000 × 30000 .*100 megapixels/)
    })
  })

  it('refuses a truncated image and a truncated DICOM file', async () => {
    const whole = await jpeg()
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), whole.subarray(0, Math.floor(whole.length / 2)), { fileName: 'cut.jpg' })
      expect(res.status).toBe(422)
      expect(res.body.error).toMatch(/incomplete or damaged/)
      const d = await upload(as('VETERINARIAN'), dicom({ truncatePixels: true }), { fileName: 'cut.dcm' })
      expect(d.status).toBe(422)
      expect(d.body.error).toMatch(/DICOM/)
    })
  })

  it('refuses zero bytes', async () => {
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), new Uint8Array(0), { fileName: 'empty.png' })
      expect(res.status).toBe(400)
      expect(res.body.fieldErrors?.file?.[0]).toMatch(/empty/)
    })
  })

  it('stores a path-traversal file name as a plain safe name', async () => {
    const res = await upload(as('VETERINARIAN'), await png(11, 11), { fileName: '../../etc/passwd.png' })
    expect(res.status).toBe(201)
    expect(res.body.fileName).toBe('passwd.png')
    const odd = await upload(as('VETERINARIAN'), await png(12, 12), { fileName: '..\\..\\"; rm -rf ~ <b>.png' })
    expect(odd.body.fileName).not.toMatch(/[\\/"<>;]/)
  })

  it('leaves no row and no file when the client goes away mid-body', async () => {
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(new Uint8Array(256 * 1024).fill(7))
        else controller.error(new Error('client disconnected'))
      },
    })
    await expectNothingStored(async () => {
      const res = await upload(as('VETERINARIAN'), body, { fileName: 'aborted.png' })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatch(/interrupted/)
    })
  })

  it('names the fields a bad query string got wrong', async () => {
    const res = await upload(as('VETERINARIAN'), await png(), { fileName: '', modality: 'PHOTOGRAPH', capturedAt: 'yesterday' })
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.fieldErrors ?? {}).sort()).toEqual(['capturedAt', 'fileName', 'modality'])
  })
})

describe('who may upload where', () => {
  it('medical record: vets only; the others get 404 (no permission) or 403 (can read, cannot write)', async () => {
    const statuses: Record<string, number> = {}
    for (const role of ROLES) statuses[role] = (await upload(as(role), await png(5, 5 + ROLES.indexOf(role)), { fileName: `${role}.png` })).status
    expect(statuses).toEqual({ OFFICER: 404, VETERINARIAN: 201, EVIDENCE_TECH: 404, DETECTIVE: 404, SUPERVISOR: 404, ADMIN: 404 })
    expect((await upload(as('VETERINARIAN'), await png(), { targetId: '00000000-0000-7000-8000-000000000000' })).status).toBe(404)
  })

  it('evidence item photo: the custodian, the collector and evidence technicians; a detective who can see it gets 403', async () => {
    const photo = async (actor: Actor, n: number) => (await upload(actor, await png(7, 7 + n), { target: 'evidenceItem', targetId: itemId, fileName: 'fragment.png' })).status
    expect(await photo(as('OFFICER'), 1)).toBe(201) // custodian
    expect(await photo(as('VETERINARIAN'), 2)).toBe(201) // collector
    expect(await photo(as('EVIDENCE_TECH'), 3)).toBe(201)
    expect(await photo(as('DETECTIVE'), 4)).toBe(403)
    expect(await photo(otherOfficer, 5)).toBe(404) // out of scope: never held it
    expect(await photo(as('ADMIN'), 6)).toBe(404)
    const row = await db.attachment.findFirstOrThrow({ where: { evidenceItemId: itemId }, select: { modality: true, view: true } })
    expect(row).toEqual({ modality: 'PHOTO', view: null })
  })

  it('lab report: whoever records lab results (evidence technicians, detectives)', async () => {
    const report = async (actor: Actor, n: number) => (await upload(actor, await png(9, 9 + n), { target: 'labResult', targetId: labResultId, fileName: 'r.png' })).status
    expect(await report(as('EVIDENCE_TECH'), 1)).toBe(201)
    expect(await report(as('DETECTIVE'), 2)).toBe(201)
    for (const role of ['OFFICER', 'VETERINARIAN', 'SUPERVISOR', 'ADMIN'] as const) expect(await report(as(role), 3), role).toBe(404)
  })

  it('incident photo: its own officers and supervisors; another officer 403', async () => {
    const photo = async (actor: Actor, target: string, n: number) => (await upload(actor, await png(13, 13 + n), { target: 'incident', targetId: target, fileName: 'scene.png' })).status
    expect(await photo(as('OFFICER'), incidentId, 1)).toBe(201)
    expect(await photo(as('SUPERVISOR'), otherIncidentId, 2)).toBe(201)
    expect(await photo(as('OFFICER'), otherIncidentId, 3)).toBe(403)
    expect(await photo(as('DETECTIVE'), incidentId, 4)).toBe(404)
    await db.incident.update({ where: { id: otherIncidentId }, data: { status: 'CLOSED' } })
    const closed = await upload(as('SUPERVISOR'), await png(13, 20), { target: 'incident', targetId: otherIncidentId, fileName: 'late.png' })
    expect([closed.status, closed.body.error]).toEqual([409, 'This incident is closed. Re-open it to add photos.'])
  })
  // The Origin check (403) is authorizeRoute's, before this function runs: e2e/uploads.spec.ts sends a cross-site POST.
})

describe('download', () => {
  async function get(actor: Actor, id: string, query = '') {
    return downloadAttachment(new Request(`http://k9.test/api/attachments/${id}${query}`), actor, id)
  }

  it('sends the bytes with the sniffed type, attachment disposition with a safe name, nosniff, and the hash', async () => {
    const bytes = await png(21, 21)
    const up = await upload(as('VETERINARIAN'), bytes, { fileName: '"evil"\r\nX-Injected: 1.png' }, { 'content-type': 'text/html' })
    const res = await get(as('DETECTIVE'), up.body.id!)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.() -]+\.png"; filename\*=UTF-8''/)
    expect(res.headers.get('content-disposition')).not.toMatch(/[\r\n]/)
    expect(res.headers.get('x-content-sha256')).toBe(sha(bytes))
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(bytes))
    const thumb = await get(as('DETECTIVE'), up.body.id!, '?variant=thumbnail')
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/jpeg'])
    expect(await db.auditEvent.count({ where: { action: 'attachment.downloaded', entityId: up.body.id! } })).toBe(1)
  })

  it('answers 404 outside the reader’s scope and for a missing rendition', async () => {
    const up = await upload(as('VETERINARIAN'), await png(22, 22), { fileName: 'scope.png' })
    expect((await get(as('ADMIN'), up.body.id!)).status).toBe(404)
    expect((await get(as('EVIDENCE_TECH'), up.body.id!)).status).toBe(404)
    expect((await get(otherOfficer, up.body.id!)).status).toBe(404) // not Rex's handler
    expect((await get(as('OFFICER'), up.body.id!)).status).toBe(200) // Rex's handler
    expect((await get(as('VETERINARIAN'), up.body.id!, '?variant=preview')).status).toBe(404)
  })

  it('answers 409 when the stored bytes no longer match the hash, and audits it', async () => {
    const bytes = await png(23, 23)
    const up = await upload(as('VETERINARIAN'), bytes, { fileName: 'tampered.png' })
    const file = path.join(process.env.BLOB_DIR!, keyFor(sha(bytes)))
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('tampered')]))
    const res = await get(as('VETERINARIAN'), up.body.id!)
    expect(res.status).toBe(409)
    expect((await res.json()).error).toMatch(/integrity check/)
    expect(await db.auditEvent.count({ where: { action: 'attachment.integrity_failed', entityId: up.body.id! } })).toBe(1)
  })
})

describe('sweeper', () => {
  it('removes temp files and unreferenced blobs older than an hour, and keeps everything else', async () => {
    const store = await blobStore()
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000)
    const age = (file: string, h: number) => utimesSync(file, hoursAgo(h), hoursAgo(h))
    mkdirSync(store.tmpDir, { recursive: true })
    const oldTmp = path.join(store.tmpDir, 'crashed.upload')
    const newTmp = path.join(store.tmpDir, 'in-flight.upload')
    writeFileSync(oldTmp, 'half a file')
    writeFileSync(newTmp, 'still arriving')
    age(oldTmp, 2)
    // An orphan from a crash between the blob and its row, an old referenced blob, and a fresh orphan.
    const orphan = await store.putBytes(Buffer.from('orphaned bytes'))
    const freshOrphan = await store.putBytes(Buffer.from('orphan written a minute ago'))
    const kept = await upload(as('VETERINARIAN'), await png(44, 44), { fileName: 'kept.png' })
    const keptRow = await db.attachment.findUniqueOrThrow({ where: { id: kept.body.id! }, select: { blobKey: true, thumbnailKey: true } })
    for (const key of [orphan.key, keptRow.blobKey, keptRow.thumbnailKey!]) age(path.join(process.env.BLOB_DIR!, key), 3)

    const result = await sweepUploads(store)
    expect(result.tempFilesRemoved).toBe(1)
    expect(result.blobsRemoved).toBe(1)
    expect(existsSync(oldTmp)).toBe(false)
    expect(existsSync(newTmp)).toBe(true)
    expect(await store.exists(orphan.key)).toBe(false)
    expect(await store.exists(freshOrphan.key)).toBe(true)
    expect(await store.exists(keptRow.blobKey)).toBe(true)
    expect(await store.exists(keptRow.thumbnailKey!)).toBe(true)
    // The kept file still downloads whole.
    expect((await downloadAttachment(new Request(`http://k9.test/api/attachments/${kept.body.id}`), as('VETERINARIAN'), kept.body.id!)).status).toBe(200)
  })

  it('never removes an old blob that a new upload of the same bytes is attaching', async () => {
    const store = await blobStore()
    const bytes = await png(45, 45)
    // The same bytes were stored long ago by an upload that crashed before its row.
    const stale = await store.putBytes(bytes)
    utimesSync(path.join(process.env.BLOB_DIR!, stale.key), new Date(Date.now() - 5 * 3600_000), new Date(Date.now() - 5 * 3600_000))
    const [up] = await Promise.all([upload(as('VETERINARIAN'), bytes, { fileName: 'again.png' }), sweepUploads(store)])
    expect(up.status).toBe(201)
    expect(await store.exists(stale.key)).toBe(true)
    expect(await store.hashOf(stale.key)).toBe(sha(bytes))
  })
})
