import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { LocalBlobStore, type BlobStore } from '@/lib/server/blobs'
import { blobSettings } from '@/lib/server/env'
import { createBlobStore } from '@/lib/server/blobs'
import { CHAIN_EVENT_SELECT, verifyItemEvents } from '@/lib/server/evidence/chain'
import { seed } from '@/prisma/seed'
import { backup, restore, type Manifest } from '@/scripts/lib/backup'
import { databaseUrl, quoteIdent, withAdmin } from '../helpers/pg-admin'
import { type LocalS3, startLocalS3 } from '../helpers/s3'
import { createTestDatabase, testAdminUrl, type TestDatabase } from '../helpers/test-db'

/**
 * The backup drill (issue 9, item 6): the seeded reference case is backed up
 * with `npm run backup`, the machine wiped (database dropped, files deleted),
 * and `npm run restore` brings it back into a blank database (no schema) with
 * the files in an S3 store. Every custody chain verifies with the same head
 * hash, every table holds exactly the same rows, every file's hash matches.
 */
const root = path.resolve(__dirname, '../..')
const work = mkdtempSync(path.join(tmpdir(), 'k9-drill-'))
const srcBlobDir = path.join(work, 'blobs-src')
const backupDir = path.join(work, 'backup')

let source: TestDatabase | undefined
let s3: LocalS3
const blank: string[] = []

type Fingerprint = { tables: Record<string, string | null>; heads: Record<string, string>; files: Record<string, string> }
let before: Fingerprint

async function blankDatabase(): Promise<string> {
  const name = `k9_blank_${Math.random().toString(36).slice(2, 10)}`
  await withAdmin(testAdminUrl(), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`))
  blank.push(name)
  return databaseUrl(testAdminUrl(), name)
}

function client(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) })
}

/** Every table's row count and a digest of all its rows; every chain's head; every attachment's file hash. */
async function fingerprint(db: PrismaClient, store: BlobStore): Promise<Fingerprint> {
  const rows = await db.$queryRaw<Array<{ table: string; digest: string | null }>>`
    SELECT table_name AS table,
           (xpath('/row/d/text()', query_to_xml(format('SELECT count(*) || '':'' || coalesce(md5(string_agg(x::text, '','' ORDER BY x::text)), '''') AS d FROM %I x', table_name), false, true, '')))[1]::text AS digest
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`
  const heads: Record<string, string> = {}
  for (const item of await db.evidenceItem.findMany({ select: { id: true, headSequence: true, headHash: true } })) {
    const events = await db.custodyEvent.findMany({ where: { evidenceItemId: item.id }, orderBy: { sequence: 'asc' }, select: CHAIN_EVENT_SELECT })
    const result = verifyItemEvents(events, item)
    expect(result, `chain of ${item.id}`).toMatchObject({ ok: true })
    if (result.ok) heads[item.id] = result.headHash
  }
  const files: Record<string, string> = {}
  for (const a of await db.attachment.findMany({ select: { blobKey: true, sha256: true } })) {
    expect(await store.hashOf(a.blobKey)).toBe(a.sha256)
    files[a.blobKey] = a.sha256
  }
  return { tables: Object.fromEntries(rows.map((r) => [r.table, r.digest])), heads, files }
}

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', path.join(root, 'scripts', script), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code: code ?? 1, out }))
  })
}

beforeAll(async () => {
  s3 = await startLocalS3('k9-drill')
  source = await createTestDatabase()
  await seed(source.url, { blobDir: srcBlobDir, log: () => {} })
  before = await fingerprint(source.db, new LocalBlobStore(srcBlobDir))
}, 120_000)

afterAll(async () => {
  await source?.drop()
  for (const name of blank) await withAdmin(testAdminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
  await s3?.stop()
  rmSync(work, { recursive: true, force: true })
})

// Two real processes (tsx start-up, argon2-free but migration-heavy): generous on a busy 2-core machine.
describe('backup and restore drill', { timeout: 240_000 }, () => {
  it('backs up, survives a wiped machine, and restores the reference case exactly (chains, rows, files)', async () => {
    expect(Object.keys(before.heads).length).toBeGreaterThan(0)
    expect(Object.keys(before.files).length).toBeGreaterThan(0)

    let t = performance.now()
    const made = await run('backup.ts', ['--out', backupDir], { DATABASE_URL: source!.url, BLOB_STORE: 'local', BLOB_DIR: srcBlobDir })
    console.log(`npm run backup: ${Math.round(performance.now() - t)} ms`)
    expect(made.out).toContain('Backup written to')
    expect(made.code).toBe(0)
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as Manifest
    // Every blob in the store (originals, thumbnails, previews), the attachments' among them.
    const stored: string[] = []
    for await (const b of new LocalBlobStore(srcBlobDir).list()) stored.push(b.key)
    expect(manifest.files.map((f) => f.key).sort()).toEqual(stored.sort())
    expect(stored).toEqual(expect.arrayContaining(Object.keys(before.files)))
    expect(existsSync(`${backupDir}.partial`)).toBe(false)
    // Generated columns (the search documents) are left out: the database computes them again.
    const incidentLines = readFileSync(path.join(backupDir, 'db', 'Incident.ndjson'), 'utf8').trim().split('\n')
    expect(incidentLines.length).toBeGreaterThan(0)
    for (const line of incidentLines) expect(Object.keys(JSON.parse(line) as object)).not.toContain('searchVector')

    // Wipe: the database and the file store are gone.
    await source!.drop()
    rmSync(srcBlobDir, { recursive: true, force: true })

    const target = await blankDatabase()
    t = performance.now()
    const restored = await run('restore.ts', [backupDir], { DATABASE_URL: target, ...s3.env, BLOB_DIR: path.join(work, 'blobs-unused') })
    console.log(`npm run restore: ${Math.round(performance.now() - t)} ms`)
    expect(restored.out).toContain('every hash matches')
    expect(restored.code).toBe(0)

    const db = client(target)
    try {
      const after = await fingerprint(db, createBlobStore(blobSettings(s3.env)))
      expect(after.heads).toEqual(before.heads)
      expect(after.files).toEqual(before.files)
      expect(after.tables).toEqual(before.tables)
      // …and every incident's search document is there again, as the database parses it.
      const [docs] = await db.$queryRaw<Array<{ stale: bigint }>>`
        SELECT count(*) AS stale FROM "Incident"
         WHERE "searchVector" IS NULL OR "searchVector" <> to_tsvector('english'::regconfig, "number" || ' ' || "locationText" || ' ' || "narrative")`
      expect(docs!.stale).toBe(0n)
      // Sequences continue after the restored rows: a new audit event gets a fresh number.
      const [last] = await db.$queryRaw<Array<{ max: bigint }>>`SELECT max(seq) AS max FROM "AuditEvent"`
      const [fresh] = await db.$queryRaw<Array<{ next: bigint }>>`SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq')) AS next`
      expect(fresh!.next).toBeGreaterThan(last!.max)
    } finally {
      await db.$disconnect()
    }

    // The same backup into the same, now non-empty, database: refused without --force.
    const again = await run('restore.ts', [backupDir], { DATABASE_URL: target, ...s3.env })
    expect(again.code).toBe(1)
    expect(again.out).toContain('The database already holds data')
  })

  it('with --force replaces a database that holds data, and the result is the backup', async () => {
    const t = await createTestDatabase()
    const dir = path.join(work, 'blobs-force')
    try {
      await t.db.user.create({ data: { email: 'extra@k9.test', name: 'Extra', role: 'OFFICER', passwordHash: 'x' } })
      const store = new LocalBlobStore(dir)
      await expect(restore({ databaseUrl: t.url, store, dir: backupDir })).rejects.toThrow('already holds data')
      expect(await t.db.user.count({ where: { email: 'extra@k9.test' } })).toBe(1)
      await restore({ databaseUrl: t.url, store, dir: backupDir, force: true })
      expect(await t.db.user.count({ where: { email: 'extra@k9.test' } })).toBe(0)
      const after = await fingerprint(t.db, store)
      expect(after.heads).toEqual(before.heads)
      expect(after.tables).toEqual(before.tables)
    } finally {
      await t.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a damaged backup before touching anything', async () => {
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as Manifest
    const file = path.join(backupDir, 'files', manifest.files[0]!.key)
    const original = readFileSync(file)
    const target = await blankDatabase()
    try {
      const damaged = Buffer.from(original)
      damaged[100] = (damaged[100] ?? 0) ^ 0xff
      writeFileSync(file, damaged)
      const store = new LocalBlobStore(path.join(work, 'blobs-damaged'))
      await expect(restore({ databaseUrl: target, store, dir: backupDir })).rejects.toThrow(/The backup is damaged \(1 problem\(s\)\); nothing was restored:\n {2}files\/sha256\/.* does not match its hash/)
      const tables = await withAdmin(target, (c) => c.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`))
      expect(tables.rows[0].n).toBe(0)
    } finally {
      writeFileSync(file, original)
    }
    // A changed manifest (e.g. a row count edited to hide a deletion) is caught by its own hash.
    const manifestPath = path.join(backupDir, 'manifest.json')
    const text = readFileSync(manifestPath, 'utf8')
    try {
      writeFileSync(manifestPath, text.replace('"rows": ', '"rows": 1'))
      await expect(restore({ databaseUrl: target, store: new LocalBlobStore(work), dir: backupDir })).rejects.toThrow('does not match manifest.json.sha256')
    } finally {
      writeFileSync(manifestPath, text)
    }
  })

  it('writes nothing when a referenced file is missing from the store', async () => {
    const t = await createTestDatabase()
    const dir = path.join(work, 'blobs-missing')
    try {
      await seed(t.url, { blobDir: dir, log: () => {} })
      const store = new LocalBlobStore(dir)
      const [first] = await t.db.attachment.findMany({ take: 1, select: { blobKey: true } })
      await store.delete(first!.blobKey)
      const out = path.join(work, 'backup-missing')
      await expect(backup({ databaseUrl: t.url, store, outDir: out })).rejects.toThrow('1 file(s) that records reference are missing from the file store')
      expect(existsSync(out)).toBe(false)
      expect(existsSync(`${out}.partial`)).toBe(false)
    } finally {
      await t.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
