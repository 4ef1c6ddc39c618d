/**
 * `prisma migrate` without Prisma's native engine: deploy, create (dev),
 * status, drift check and reset, run by the WebAssembly schema engine
 * (scripts/lib/schema-engine.ts). It reads and writes the same
 * prisma/migrations/<timestamp>_<name>/migration.sql files, migration_lock.toml
 * and _prisma_migrations rows as the CLI, so `prisma migrate deploy` with the
 * native engine works on the same repository and database.
 * See docs/decisions/001-offline-migrations.md.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import { engineError, openSchemaEngine, pgFieldsFromUrl, quoteIdent, type EngineSession } from './schema-engine'

type MigrationList = Parameters<SchemaEngine['applyMigrations']>[0]['migrationsList']

export interface MigratePaths {
  /** Prisma schema to migrate to; default prisma/schema.prisma. */
  schemaPath?: string
  /** Migrations folder; default prisma/migrations. */
  migrationsDir?: string
}

const NO_FILTER = { externalTables: [], externalEnums: [] }
const LOCKFILE = 'migration_lock.toml'

/** The project root: the nearest folder above the working directory holding prisma/schema.prisma. */
export function projectRoot(): string {
  let dir = process.cwd()
  for (;;) {
    if (existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return process.cwd()
    dir = parent
  }
}

function resolvePaths(paths: MigratePaths = {}): Required<MigratePaths> {
  const root = projectRoot()
  return {
    schemaPath: path.resolve(root, paths.schemaPath ?? 'prisma/schema.prisma'),
    migrationsDir: path.resolve(root, paths.migrationsDir ?? 'prisma/migrations'),
  }
}

/** Reads the migrations folder the way the CLI does (sorted directory names, migration.sql in each). */
async function loadMigrations(migrationsDir: string): Promise<MigrationList> {
  const content = await readFile(path.join(migrationsDir, LOCKFILE), 'utf8').catch(() => null)
  const lockfile = { path: LOCKFILE, content }
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ({
        path: e.name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsDir, e.name, 'migration.sql'), 'utf8')
            .then((value) => ({ tag: 'ok' as const, value }))
            .catch((error: Error) => ({ tag: 'error' as const, value: error.message })),
        },
      })),
  )
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path))
  return { baseDir: migrationsDir, lockfile, migrationDirectories, shadowDbInitScript: '' }
}

async function withEngine<T>(databaseUrl: string, schemaPath: string, run: (s: EngineSession) => Promise<T>): Promise<T> {
  const session = await openSchemaEngine({ databaseUrl, schemaPath })
  try {
    return await run(session)
  } catch (error) {
    throw engineError(error)
  } finally {
    await session.close()
  }
}

/** Applies every pending migration, like `prisma migrate deploy`. */
export async function deployMigrations(databaseUrl: string, paths?: MigratePaths): Promise<{ applied: string[] }> {
  const { schemaPath, migrationsDir } = resolvePaths(paths)
  const migrationsList = await loadMigrations(migrationsDir)
  return withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER })
    return { applied: appliedMigrationNames }
  })
}

export interface CreateMigrationOptions extends MigratePaths {
  /** Write the migration (even an empty one, to fill in by hand) without applying it, like `--create-only`. */
  createOnly?: boolean
  /** Go ahead although the migration would lose data (the CLI asks; this refuses unless set). */
  acceptDataLoss?: boolean
}

export interface CreateMigrationResult {
  /** Directory name of the new migration, or null when the schema needs none. */
  created: string | null
  /** Pending migrations applied first, and the new one unless createOnly. */
  applied?: string[]
  /** Data-loss warnings that were accepted. */
  warnings?: string[]
}

/**
 * Like `prisma migrate dev --name <name>`: applies pending migrations, writes
 * prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql (and the lock file)
 * for the difference between the history and the schema, then applies it.
 * Refuses when the database has drifted from the history (reset it) or the
 * change would lose data (unless acceptDataLoss).
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreateMigrationResult> {
  const migrationName = name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase()
  const { schemaPath, migrationsDir } = resolvePaths(options)
  const datamodel = await readFile(schemaPath, 'utf8')
  const schema = { files: [{ path: schemaPath, content: datamodel }] }

  let migrationsList = await loadMigrations(migrationsDir)
  const { applied, generated } = await withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    const diagnose = async () => {
      const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER })
      if (action.tag === 'reset') {
        throw new Error(`${action.reason}\nThe database does not match the migration history. Reset it (npm run db:reset -- --force; all data is lost) and try again.`)
      }
    }
    await diagnose()
    const applied = (await engine.applyMigrations({ migrationsList, filters: NO_FILTER })).appliedMigrationNames
    // The WebAssembly engine reaches the shadow database only from the
    // diagnose step, which caches the schema of the applied history;
    // evaluateDataLoss and createMigration read that cache and fail on a miss
    // ("PostgreSQL shadow DB must be provided through an external factory").
    // After applying pending migrations the history changed: diagnose again.
    if (applied.length > 0) await diagnose()

    const loss = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTER })
    if (loss.unexecutableSteps.length > 0) {
      throw new Error(`This change cannot be applied to the existing rows:\n${loss.unexecutableSteps.map((s) => `  • ${s.message}`).join('\n')}`)
    }
    if (loss.migrationSteps === 0 && !options.createOnly) return { applied, generated: null }
    if (!migrationName) throw new Error('schema.prisma has changes: give the migration a name, e.g. --name add_dog_tattoo.')
    const warnings = loss.warnings.map((w) => w.message)
    if (warnings.length > 0 && !options.acceptDataLoss) {
      throw new Error(`This change would lose data:\n${warnings.map((w) => `  • ${w}`).join('\n')}\nRun again with --accept-data-loss if that is intended.`)
    }
    const out = await engine.createMigration({
      draft: Boolean(options.createOnly),
      migrationName,
      migrationsList,
      schema,
      filters: NO_FILTER,
    })
    return { applied, generated: { ...out, warnings } }
  })
  if (!generated || generated.migrationScript === null) return { created: null, applied, warnings: generated?.warnings ?? [] }
  const { generatedMigrationName: created, warnings } = generated

  // Same files, same content as the CLI writes.
  const dir = path.join(migrationsDir, created)
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`)
  await mkdir(dir, { recursive: true, mode: 0o777 })
  await writeFile(path.join(dir, `migration.${generated.extension}`), generated.migrationScript, 'utf8')
  await writeFile(
    path.join(migrationsDir, LOCKFILE),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${generated.connectorType}"\n`,
    'utf8',
  )
  if (options.createOnly) return { created, applied, warnings }

  migrationsList = await loadMigrations(migrationsDir)
  const more = await withEngine(databaseUrl, schemaPath, ({ engine }) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }))
  return { created, applied: [...applied, ...more.appliedMigrationNames], warnings }
}

async function appliedMigrationNames(databaseUrl: string): Promise<string[]> {
  const fields = pgFieldsFromUrl(databaseUrl)
  const client = new pg.Client({ host: fields.host, port: fields.port, user: fields.user, password: fields.password, database: fields.database, ssl: fields.ssl })
  await client.connect()
  try {
    const table = `${quoteIdent(fields.schema ?? 'public')}."_prisma_migrations"`
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table])
    if (!exists.rows[0]?.t) return []
    const rows = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    )
    return rows.rows.map((r) => r.migration_name)
  } finally {
    await client.end()
  }
}

/** Like `prisma migrate status`: what is applied, what is pending, and anything wrong with the history. */
export async function migrationStatus(
  databaseUrl: string,
  paths?: MigratePaths,
): Promise<{ pending: string[]; applied: string[]; problems: string[] }> {
  const { schemaPath, migrationsDir } = resolvePaths(paths)
  const migrationsList = await loadMigrations(migrationsDir)
  const diagnosis = await withEngine(databaseUrl, schemaPath, ({ engine }) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
  )
  const applied = await appliedMigrationNames(databaseUrl)
  const problems: string[] = []
  let pending: string[] = []
  for (const name of diagnosis.failedMigrationNames) {
    problems.push(
      `Migration ${name} failed. Repair the database by hand, then run "npx tsx scripts/db.ts resolve --rolled-back ${name}" to retry it, or "--applied ${name}" if it is complete.`,
    )
  }
  for (const name of diagnosis.editedMigrationNames) {
    problems.push(`Migration ${name} was changed after it was applied.`)
  }
  const history = diagnosis.history
  if (history?.diagnostic === 'databaseIsBehind') pending = history.unappliedMigrationNames
  else if (history?.diagnostic === 'migrationsDirectoryIsBehind') {
    problems.push(`Applied to the database but missing from ${path.relative(projectRoot(), migrationsDir)}: ${history.unpersistedMigrationNames.join(', ')}.`)
  } else if (history?.diagnostic === 'historiesDiverge') {
    pending = history.unappliedMigrationNames
    problems.push(
      `The database and the migrations folder have diverged after ${history.lastCommonMigrationName ?? 'the start'}: ` +
        `only in the database: ${history.unpersistedMigrationNames.join(', ') || 'none'}.`,
    )
  }
  return { pending, applied, problems }
}

/**
 * Drift check: replays the committed migrations on a temporary shadow
 * database on the same server (created and dropped here) and diffs the result
 * against the Prisma schema. ok=false means schema.prisma has changes that no
 * migration carries. Check constraints, triggers and extensions are outside
 * Prisma's model and do not count as drift (decision 002).
 */
export async function checkDrift(databaseUrl: string, paths?: MigratePaths): Promise<{ ok: boolean; summary: string }> {
  const { schemaPath, migrationsDir } = resolvePaths(paths)
  const migrationsList = await loadMigrations(migrationsDir)
  const content = await readFile(schemaPath, 'utf8')
  return withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content }] },
      script: false,
      exitCode: true,
      filters: NO_FILTER,
    })
    const summary = (result.stdout ?? '').trim()
    const ok = result.exitCode === 0
    return { ok, summary: ok ? 'The migrations match the schema.' : summary }
  })
}

/** Like `prisma migrate reset --skip-seed`: drops everything in the database, then applies every migration. */
export async function resetDatabase(databaseUrl: string, paths?: MigratePaths): Promise<{ applied: string[] }> {
  const { schemaPath, migrationsDir } = resolvePaths(paths)
  const migrationsList = await loadMigrations(migrationsDir)
  return withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    await engine.reset({ filter: NO_FILTER })
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER })
    return { applied: appliedMigrationNames }
  })
}

/**
 * Like `prisma migrate resolve`: after a failed migration has been repaired by
 * hand, record it as rolled back (so deploy retries it) or as applied.
 */
export async function resolveMigration(
  databaseUrl: string,
  migrationName: string,
  as: 'rolled-back' | 'applied',
  paths?: MigratePaths,
): Promise<void> {
  const { schemaPath, migrationsDir } = resolvePaths(paths)
  const migrationsList = await loadMigrations(migrationsDir)
  await withEngine(databaseUrl, schemaPath, async ({ engine }) => {
    if (as === 'rolled-back') await engine.markMigrationRolledBack({ migrationName })
    else await engine.markMigrationApplied({ migrationName, migrationsList })
  })
}
