import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import type { DeploymentOutcome, DeploymentTask, Exposure } from '@/lib/generated/prisma/enums'
import { APP_SESSION_OPTIONS, HOT_SESSION_OPTIONS } from '@/lib/pg-sessions'
import { env } from './env'

/** The one Prisma client for the process (a globalThis singleton survives dev reloads). */
const globalForDb = globalThis as unknown as { k9db?: PrismaClient; k9pool?: pg.Pool; k9hotpool?: pg.Pool }

/**
 * PERFORMANCE: Prisma's statements run as named prepared statements, so each
 * connection parses and plans a statement once instead of on every request
 * (the relation-join statements of a page take longer to plan than to run).
 * Names are given to the first MAX_NAMED distinct statements of the process;
 * later ones run unnamed, which bounds what each connection keeps
 * (docs/decisions/020-performance-at-scale.md).
 */
const MAX_NAMED = 500
const statementNames = new Map<string, string>()
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql)
  if (name === undefined && statementNames.size < MAX_NAMED) {
    name = `k9_${statementNames.size.toString(36)}`
    statementNames.set(query.sql, name)
  }
  // An empty name is an unnamed statement to node-postgres.
  return name ?? ''
}

/** PERFORMANCE: the settings of each kind of session are in lib/pg-sessions.ts. */
function createPool(options: string, extra: Partial<pg.PoolConfig> = {}) {
  return new pg.Pool({ connectionString: env().DATABASE_URL, max: 10, options, ...extra })
}

function createClient(pool: pg.Pool) {
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementName, disposeExternalPool: true })
  // A busy server queues for a pool connection rather than failing the request:
  // Prisma's defaults (2 s to get a connection, 5 s per transaction) refused
  // racing writes on a loaded 2-core machine ("Unable to start a transaction").
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } })
}

// The client and its pool live and die together (a test's setup forgets the client after closing it).
const cached = globalForDb.k9db && globalForDb.k9pool ? { db: globalForDb.k9db, pool: globalForDb.k9pool } : null
const pool: pg.Pool = cached?.pool ?? createPool(APP_SESSION_OPTIONS)
export const db: PrismaClient = cached?.db ?? createClient(pool)
/**
 * The hand-written statements' own sessions (hotRows), where each statement is
 * planned once per connection (HOT_SESSION_OPTIONS). Its connections open
 * when first needed and close after 10 s idle; they never keep a script's
 * process alive, and one that the server drops (a test database dropped with
 * FORCE) leaves the pool quietly, to be replaced by the next query.
 */
const hotPool: pg.Pool = globalForDb.k9hotpool ?? createPool(HOT_SESSION_OPTIONS, { allowExitOnIdle: true }).on('error', () => undefined)
if (process.env.NODE_ENV !== 'production') {
  globalForDb.k9db = db
  globalForDb.k9pool = pool
  globalForDb.k9hotpool = hotPool
}

/**
 * A constant statement for hotRows: its SQL never contains input, only $n
 * placeholders. Its name is `k9_` and words joined by `_` (`k9_dog_profile`):
 * the names statementName gives Prisma's statements are `k9_` and a base-36
 * counter, with no second `_`, so the two never collide on a connection.
 */
export type HotStatement = { readonly name: string; readonly text: string }

/**
 * PERFORMANCE: the few reads that run on every request (the session check)
 * and the busiest pages' reads go to node-postgres directly, as named
 * prepared statements: a third of the CPU of the same read through Prisma.
 * They run on their own sessions, where each is planned once per connection
 * (hotPool). Constant SQL with bound parameters only (SECURITY: never build
 * `text` from input).
 */
export async function hotRows<T>(statement: HotStatement, values: unknown[]): Promise<T[]> {
  const result = await hotPool.query<T & pg.QueryResultRow>({ name: statement.name, text: statement.text, values })
  return result.rows
}

/** The names hotTransaction gives its statements' texts, bounded as Prisma's are (an empty name: unnamed). */
const builtNames = new Map<string, string>()
function builtStatementName(text: string): string {
  let name = builtNames.get(text)
  if (name === undefined && builtNames.size < MAX_NAMED) {
    name = `k9t_${builtNames.size.toString(36)}`
    builtNames.set(text, name)
  }
  return name ?? ''
}

/**
 * PERFORMANCE: statements built for each call (search's, whose text depends
 * on the query's shape) run in one transaction on a hot session. Each is a
 * prepared statement named after its text, as Prisma's are (statementName):
 * `k9t_` and a counter, which HOT_STATEMENT_NAME does not match, so the
 * benchmark's floor replays them on an app session, in their transaction. A
 * connection parses each text once; unnamed, a search's statement was parsed
 * and analysed on every run (about 1 ms of PostgreSQL's CPU). The session
 * plans generically (HOT_SESSION_OPTIONS): a caller that wants plans for its
 * values says so in its first statement (`set_config('plan_cache_mode', …,
 * true)`). Through node-postgres, as hotRows: the same transaction through
 * Prisma took about three times the CPU. The transaction commits; on an
 * error it rolls back and its connection is dropped. SECURITY: constant SQL
 * with bound parameters only.
 */
export async function hotTransaction(statements: ReadonlyArray<{ readonly text: string; readonly values: readonly unknown[] }>): Promise<unknown[][]> {
  const client = await hotPool.connect()
  try {
    await client.query('BEGIN')
    const results: unknown[][] = []
    for (const s of statements) results.push((await client.query({ name: builtStatementName(s.text), text: s.text, values: [...s.values] })).rows)
    await client.query('COMMIT')
    client.release()
    return results
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    client.release(true)
    throw error
  }
}

/**
 * A timestamp or date read inside a hot statement's JSON (json_agg,
 * json_build_object): ISO 8601 text with its offset, or `YYYY-MM-DD` for a
 * date, which reads as midnight UTC, as Prisma reads a date column.
 */
export function jsonDate(text: string): Date {
  return new Date(text)
}

export function jsonDateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text)
}

/**
 * A deployment's own columns as the hot statements return them inside their
 * JSON (the dog profile, the incident page, the timeline's shown records),
 * `deployedAt` as text (jsonDate). Each statement adds the relations it reads.
 */
export type DeploymentJson = {
  id: string
  deployedAt: string
  task: DeploymentTask
  outcome: DeploymentOutcome
  exposures: Exposure[]
  exposureNotes: string | null
  injuryObserved: boolean
  injuryDescription: string | null
}

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
