import { createHash, randomUUID } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDrift, createMigration, deployMigrations, migrationStatus, resetDatabase } from '@/scripts/lib/migrate'
import { databaseUrl, quoteIdent, withAdmin } from '../helpers/pg-admin'
import { testAdminUrl } from '../helpers/test-db'

/**
 * The offline migration tool (decision 001) against real, empty databases:
 * it must apply the committed history, write what the Prisma CLI writes, and
 * catch a schema.prisma change that has no migration (this is the CI drift
 * check).
 */

const root = process.cwd()
const migrationsDir = path.join(root, 'prisma/migrations')
const committed = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()

const admin = <T>(run: (c: pg.Client) => Promise<T>) => withAdmin(testAdminUrl(), run)

const created: string[] = []

/** A new, completely empty database on the test server (not a copy of the migrated template). */
async function emptyDatabase(): Promise<string> {
  const name = `k9_migrations_${randomUUID().replace(/-/g, '').slice(0, 16)}`
  await admin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`))
  created.push(name)
  return databaseUrl(testAdminUrl(), name)
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(sql)).rows
  } finally {
    await client.end()
  }
}

async function shadowDatabases(): Promise<string[]> {
  const rows = await admin((c) => c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`))
  return rows.rows.map((r) => r.datname)
}

/** A scratch copy of the schema (optionally edited) and of the migrations folder. */
function scratchProject(edit: (schema: string) => string = (s) => s) {
  const dir = mkdtempSync(path.join(tmpdir(), 'k9-migrations-'))
  const schemaPath = path.join(dir, 'schema.prisma')
  writeFileSync(schemaPath, edit(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8')))
  cpSync(migrationsDir, path.join(dir, 'migrations'), { recursive: true })
  return { dir, schemaPath, migrationsDir: path.join(dir, 'migrations') }
}

/** The repository's schema with one more column on Dog and no migration for it. */
function withTattooColumn(schema: string): string {
  const edited = schema.replace(/^(model Dog \{\n)/m, '$1  tattoo String?\n')
  expect(edited).not.toBe(schema)
  return edited
}

const scratchDirs: string[] = []

afterAll(async () => {
  for (const name of created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true })
})

describe('deploying the committed migrations', () => {
  let url: string

  beforeAll(async () => {
    url = await emptyDatabase()
  })

  it('applies every migration, in order, to an empty database', async () => {
    expect(committed.length).toBeGreaterThanOrEqual(2)
    expect((await migrationStatus(url)).pending).toEqual(committed)

    const { applied } = await deployMigrations(url)

    expect(applied).toEqual(committed)
    expect(await migrationStatus(url)).toEqual({ pending: [], applied: committed, problems: [] })
  })

  it('records them in _prisma_migrations exactly as the Prisma CLI does', async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number; logs: string | null }>(
      url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name',
    )
    expect(rows.map((r) => r.migration_name)).toEqual(committed)
    for (const row of rows) {
      const script = readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'))
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'))
      expect(row).toMatchObject({ rolled_back_at: null, applied_steps_count: 1, logs: null })
      expect(row.finished_at).toBeInstanceOf(Date)
    }
  })

  it('installs the hand-written invariants and the pg_trgm extension', async () => {
    const triggers = await query<{ tgname: string }>(url, `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)
    expect(triggers.map((t) => t.tgname)).toEqual(
      expect.arrayContaining(['AuditEvent_append_only', 'AuditEvent_no_truncate', 'CustodyEvent_append_only', 'CustodyEvent_no_truncate']),
    )
    expect(await query(url, `SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`)).toHaveLength(1)
  })

  it('does nothing the second time', async () => {
    expect(await deployMigrations(url)).toEqual({ applied: [] })
  })
})

describe('the drift check', () => {
  let url: string

  beforeAll(async () => {
    url = await emptyDatabase()
  })

  it('passes: the committed migrations produce exactly prisma/schema.prisma', async () => {
    const result = await checkDrift(url)
    expect(result.summary).toBe('The migrations match the schema.')
    expect(result.ok).toBe(true)
  })

  it('fails for a schema change that has no migration, and names the change', async () => {
    const project = scratchProject(withTattooColumn)
    scratchDirs.push(project.dir)

    const result = await checkDrift(url, { schemaPath: project.schemaPath, migrationsDir: project.migrationsDir })

    expect(result.ok).toBe(false)
    expect(result.summary).toContain('Dog')
    expect(result.summary).toContain('tattoo')
  })

  it('replays on a shadow database that it drops afterwards, never on the database itself', async () => {
    const before = await shadowDatabases()
    await checkDrift(url)
    expect(await shadowDatabases()).toEqual(before)
    // The target database was only used to reach the server: still empty.
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([])
  })
})

describe('creating a migration (migrate dev)', () => {
  it('writes the migration and lock file the CLI would write, applies it, and the check passes again', async () => {
    const url = await emptyDatabase()
    const project = scratchProject(withTattooColumn)
    scratchDirs.push(project.dir)
    const paths = { schemaPath: project.schemaPath, migrationsDir: project.migrationsDir }

    const result = await createMigration(url, 'add dog tattoo', paths)

    expect(result.created).toMatch(/^\d{14}_add_dog_tattoo$/)
    expect(result.applied).toEqual([...committed, result.created])
    const script = readFileSync(path.join(project.migrationsDir, result.created!, 'migration.sql'), 'utf8')
    expect(script).toContain('ALTER TABLE "Dog" ADD COLUMN     "tattoo" TEXT;')
    expect(readFileSync(path.join(project.migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    )
    expect(await query(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Dog' AND column_name = 'tattoo'`)).toHaveLength(1)
    expect((await checkDrift(url, paths)).ok).toBe(true)
    expect(await createMigration(url, 'nothing', paths)).toMatchObject({ created: null })
  })
})

describe('status and reset', () => {
  it('reports an applied migration whose file was edited afterwards', async () => {
    const url = await emptyDatabase()
    const project = scratchProject()
    scratchDirs.push(project.dir)
    const paths = { schemaPath: project.schemaPath, migrationsDir: project.migrationsDir }
    await deployMigrations(url, paths)
    const last = committed.at(-1)!
    writeFileSync(path.join(project.migrationsDir, last, 'migration.sql'), '\n-- edited after the fact\n', { flag: 'a' })

    const status = await migrationStatus(url, paths)

    expect(status.pending).toEqual([])
    expect(status.problems).toEqual([`Migration ${last} was changed after it was applied.`])
  })

  it('reset drops every row (append-only tables included) and reapplies the history', async () => {
    const url = await emptyDatabase()
    await deployMigrations(url)
    await query(url, `INSERT INTO "AuditEvent" (action, outcome, "prevHash", hash) VALUES ('test.recorded', 'SUCCESS', '${'0'.repeat(64)}', '${'a'.repeat(64)}')`)

    await resetDatabase(url)

    expect(await query(url, `SELECT 1 FROM "AuditEvent"`)).toEqual([])
    expect(await migrationStatus(url)).toEqual({ pending: [], applied: committed, problems: [] })
  })
})
