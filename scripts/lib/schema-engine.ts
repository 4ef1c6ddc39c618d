/**
 * Prisma's schema engine (the part of the CLI behind `migrate` and `db`),
 * compiled to WebAssembly and driven through the `pg` driver adapter, because
 * the native engine is downloaded at run time from a server this environment
 * cannot reach. See docs/decisions/001-offline-migrations.md.
 *
 * Only scripts/lib/migrate.ts should use this module.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQueryable,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import pg from 'pg'

export type { SchemaEngine }

/** Connection settings as separate fields (never a connection string: see PgFields). */
export interface PgFields {
  host: string
  port: number
  user: string
  password: string
  database: string
  ssl?: pg.ClientConfig['ssl']
  /** The Postgres schema Prisma manages (`?schema=` in a Prisma URL); default public. */
  schema?: string
}

/**
 * Splits a postgres:// URL into fields. The shadow database must be reached
 * with the same host and credentials but another database name; built from a
 * connection string, the adapter keeps the string's database name and the
 * "shadow" replay would run on the real database (STACK.md, trap 3).
 */
export function pgFieldsFromUrl(databaseUrl: string): PgFields {
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database).')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgresql:// (got ${url.protocol}//).`)
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!database) throw new Error('DATABASE_URL names no database (postgresql://…/<database>).')
  const params = url.searchParams
  const sslmode = params.get('sslmode')
  let ssl: PgFields['ssl']
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'no-verify') ssl = { rejectUnauthorized: false }
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full') ssl = true
  return {
    // A `host=` parameter (a Unix socket directory) wins, as in libpq.
    host: params.get('host') ?? (decodeURIComponent(url.hostname.replace(/^\[|\]$/g, '')) || 'localhost'),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    ssl,
    schema: params.get('schema') ?? undefined,
  }
}

/** Quotes an identifier for SQL (database names come from URLs and random ids). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

const CHAR_OID = 18
const TEXT_OID = 25
/** Marks, on a result's rows array, which columns were of type "char". */
const CHAR_COLUMNS = Symbol('charColumns')

type FieldLike = { dataTypeID: number }
type ResultLike = { fields?: FieldLike[]; rows?: unknown[] }
type MarkedRows = unknown[] & { [CHAR_COLUMNS]?: number[] }

function relabelChar<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as ResultLike[]
  for (const r of results) {
    const charColumns: number[] = []
    r?.fields?.forEach((field, i) => {
      if (field.dataTypeID !== CHAR_OID) return
      field.dataTypeID = TEXT_OID
      charColumns.push(i)
    })
    if (charColumns.length > 0 && Array.isArray(r.rows)) {
      Object.defineProperty(r.rows, CHAR_COLUMNS, { value: charColumns, enumerable: false })
    }
  }
  return result
}

type QueryCallback = (err: Error | null, res: unknown) => void

/**
 * The engine reads catalog columns of type "char" (OID 18, e.g.
 * pg_constraint.contype), which the adapter cannot map ("Column type 'char'
 * could not be deserialized"). Their text form is a one-letter string, so
 * they are reported as text to the adapter and typed back as Character for
 * the engine (see withCharColumns) (STACK.md, trap 1).
 */
export class CatalogSafeClient extends pg.Client {
  // pg's query() has many overloads; this forwards every shape unchanged and
  // only relabels the result fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    const base = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown
    if (config && typeof config.submit === 'function') return base.call(this, config, values, callback)
    if (typeof values === 'function') {
      callback = values
      values = undefined
    }
    if (typeof callback === 'function') {
      const cb = callback as QueryCallback
      return base.call(this, config, values, (err: Error | null, res: unknown) => cb(err, err ? res : relabelChar(res)))
    }
    return (base.call(this, config, values) as Promise<unknown>).then(relabelChar)
  }
}

/** Gives "char" columns the Character type the engine's catalog readers expect (get_char). */
function withCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable)
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query)
    const charColumns = (result.rows as MarkedRows)[CHAR_COLUMNS]
    for (const i of charColumns ?? []) result.columnTypes[i] = ColumnTypeEnum.Character
    return result
  }
  return queryable
}

function poolConfig(fields: PgFields, database: string): pg.PoolConfig {
  return {
    host: fields.host,
    port: fields.port,
    user: fields.user,
    password: fields.password,
    database,
    ssl: fields.ssl,
    // Migration scripts name tables unqualified: they must land in the schema
    // the URL names, as with the native engine.
    options: fields.schema ? `-c search_path=${quoteIdent(fields.schema)}` : undefined,
    max: 4,
    Client: CatalogSafeClient,
  }
}

/**
 * PrismaPg's executeScript splits a script on every ";", which breaks
 * function bodies ($$ … ; … $$) in hand-written migrations. The native engine
 * sends a migration script as one simple-protocol query (one implicit
 * transaction on PostgreSQL), and so does this.
 */
function adaptForEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  withCharColumns(adapter)
  const startTransaction = adapter.startTransaction.bind(adapter)
  adapter.startTransaction = async (isolationLevel) => withCharColumns(await startTransaction(isolationLevel))
  const pool = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver()
  const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter)
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script)
    } catch (error) {
      onError(error)
    }
  }
  return adapter
}

/**
 * A driver-adapter factory for the schema engine. It creates and drops the
 * shadow database itself, closing the pool first: PrismaPg's own helper drops
 * the database while its pool is still connected and leaves it behind
 * (STACK.md, trap 2).
 */
class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const
  readonly adapterName = '@prisma/adapter-pg'
  private readonly open = new Set<SqlDriverAdapter>()
  private readonly shadows = new Set<string>()

  constructor(private readonly fields: PgFields) {}

  private async adapterFor(database: string): Promise<SqlDriverAdapter> {
    const factory = new PrismaPg(poolConfig(this.fields, database), { schema: this.fields.schema })
    const adapter = adaptForEngine(await factory.connect())
    const dispose = adapter.dispose.bind(adapter)
    let disposed = false
    adapter.dispose = async () => {
      if (disposed) return
      disposed = true
      this.open.delete(adapter)
      await dispose()
    }
    this.open.add(adapter)
    return adapter
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.adapterFor(this.fields.database)
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`
    await this.admin(`CREATE DATABASE ${quoteIdent(name)}`)
    this.shadows.add(name)
    const adapter = await this.adapterFor(name)
    const dispose = adapter.dispose.bind(adapter)
    adapter.dispose = async () => {
      await dispose()
      await this.dropShadow(name)
    }
    return adapter
  }

  /** Runs one statement on the main database's server outside any pool the engine holds. */
  async admin(sql: string): Promise<void> {
    const client = new pg.Client(poolConfig(this.fields, this.fields.database))
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }

  private async dropShadow(name: string): Promise<void> {
    if (!this.shadows.has(name)) return
    try {
      await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`)
    } catch (error) {
      // 55006: still in use (a connection the engine did not give back).
      if ((error as { code?: string }).code !== '55006') throw error
      await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
    }
    this.shadows.delete(name)
  }

  /** Closes every pool and drops every shadow database this factory made. */
  async close(): Promise<void> {
    for (const adapter of [...this.open]) await adapter.dispose().catch(() => {})
    for (const name of [...this.shadows]) await this.dropShadow(name)
  }
}

interface WasmGlue {
  __wbg_set_wasm(exports: WebAssembly.Exports): void
  SchemaEngine: typeof SchemaEngine
}

let gluePromise: Promise<WasmGlue> | undefined

/** The message of the last panic inside the engine (Rust panics surface as a bare "unreachable"). */
let lastPanic: string | undefined
const panicHost = globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } }
panicHost.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message: string) {
    lastPanic = message
  },
}

/** Returns and forgets the last engine panic message. */
export function takePanicMessage(): string | undefined {
  const message = lastPanic
  lastPanic = undefined
  return message
}

/**
 * Node cannot import the package's .wasm as a module, so the JS glue is
 * imported and the module instantiated by hand (once per process).
 */
function loadGlue(): Promise<WasmGlue> {
  gluePromise ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as WasmGlue
    const require = createRequire(path.join(process.cwd(), 'package.json'))
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const wasmPath = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')
    const wasmModule = new WebAssembly.Module(readFileSync(wasmPath))
    const instance = new WebAssembly.Instance(wasmModule, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    })
    glue.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as () => void)()
    return glue
  })()
  return gluePromise
}

export interface EngineSession {
  engine: SchemaEngine
  fields: PgFields
  /** Runs one statement on the target server (e.g. to inspect _prisma_migrations). */
  admin(sql: string): Promise<void>
  /** Frees the engine, closes every pool and drops any shadow database left. */
  close(): Promise<void>
}

export interface OpenEngineOptions {
  databaseUrl: string
  schemaPath: string
  /** Receives the engine's log lines (JSON); default: ignored unless DEBUG mentions "schema-engine". */
  onLog?: (line: string) => void
}

const live = new Set<EngineSession>()

/** Closes every open engine session (for a crash handler: leaves no shadow database behind). */
export async function closeAllSchemaEngines(): Promise<void> {
  await Promise.allSettled([...live].map((s) => s.close()))
}

export async function openSchemaEngine(options: OpenEngineOptions): Promise<EngineSession> {
  const fields = pgFieldsFromUrl(options.databaseUrl)
  const glue = await loadGlue()
  const factory = new MigrationAdapterFactory(fields)
  const debug = process.env.DEBUG?.includes('schema-engine')
  const onLog = options.onLog ?? ((line: string) => (debug ? console.error(`[schema-engine] ${line}`) : undefined))
  const datamodel = readFileSync(options.schemaPath, 'utf8')
  let engine: SchemaEngine
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[options.schemaPath, datamodel]] },
      (line: string) => onLog(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    )
  } catch (error) {
    await factory.close()
    throw engineError(error)
  }
  let closed = false
  const session: EngineSession = {
    engine,
    fields,
    admin: (sql) => factory.admin(sql),
    async close() {
      if (closed) return
      closed = true
      live.delete(session)
      try {
        engine.free()
      } finally {
        await factory.close()
      }
    },
  }
  live.add(session)
  return session
}

/**
 * Engine failures arrive as objects or JSON strings carrying a user-facing
 * message (and sometimes a Prisma error code); turn them into plain Errors.
 */
export function engineError(error: unknown): Error {
  const panic = takePanicMessage()
  if (panic) return new Error(`The schema engine crashed: ${panic}`, { cause: error })
  if (error instanceof Error) {
    const message = tidy(error.message)
    return message === error.message ? error : new Error(message, { cause: error })
  }
  if (typeof error === 'string') {
    try {
      return engineError(JSON.parse(error))
    } catch {
      return new Error(tidy(error))
    }
  }
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; error_code?: unknown }
    const message = tidy(typeof e.message === 'string' ? e.message : JSON.stringify(error))
    return new Error(typeof e.error_code === 'string' ? `${e.error_code}: ${message}` : message, { cause: error })
  }
  return new Error(String(error))
}

/**
 * Engine messages end with a Rust span trace ("   0: sql_schema_connector::…
 * with migration_name=…"). Keep the human part and name the migration.
 */
function tidy(message: string): string {
  const lines = message.split('\n')
  const traceStart = lines.findIndex((l) => /^\s+\d+: \S+::/.test(l))
  if (traceStart < 0) return message
  const human = lines
    .slice(0, traceStart)
    .filter((l) => l.trim() && l.trim() !== 'external connector error')
    .join('\n')
  const migration = /migration_name="([^"]+)"/.exec(message)?.[1]
  return migration ? `Migration ${migration} failed: ${human}` : human
}
