/**
 * The raw-SQL floor of the benchmark (scripts/bench.ts): the very statements
 * a page sent to PostgreSQL, captured from the server's statement log while
 * the page answered one request, then replayed through plain node-postgres —
 * no ORM, no rendering, no HTTP. "The same data fetched by plain SQL" is then
 * exactly the same queries with the same parameters, not a hand-written
 * approximation that could drift from what the page does.
 *
 * Capture: `log_statement = 'all'` for the duration of one request (ALTER
 * SYSTEM + pg_reload_conf; superuser), with marker statements before and
 * after, then the log between the markers is parsed (stderr format, the
 * embedded server's `<data-dir>.log`). Replay: every captured statement in
 * order on one connection inside BEGIN … ROLLBACK, as named prepared
 * statements (as the app sends them); writes (an audit row, a deployment)
 * run behind a savepoint, since replaying them may hit a unique constraint
 * (the audit chain), and nothing a replay writes is kept.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type pg from 'pg'
import { HOT_STATEMENT_NAME } from '@/lib/pg-sessions'

/** `name`: the prepared statement's name as the app sent it (`k9_dog_profile`), if it was one. */
export type CapturedStatement = { text: string; values: Array<string | null>; name?: string }
/** One statement on its own, or the statements of one of the app's transactions. */
export type CapturedStep = { transaction: boolean; statements: CapturedStatement[] }

/** A statement log line: `2026-12-06 05:10:01.922 UTC [5547] LOG:  execute k9_3: SELECT …`. */
const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|NOTICE):  (.*)$/

type Entry = { pid: number; level: string; message: string }

/** Log entries (a message continues on the following lines that start with a tab). */
function entries(text: string): Entry[] {
  const out: Entry[] = []
  for (const line of text.split('\n')) {
    const m = LINE.exec(line)
    if (m) out.push({ pid: Number(m[1]), level: m[2]!, message: m[3]! })
    else if (line.startsWith('\t') && out.length) out[out.length - 1]!.message += `\n${line.slice(1)}`
  }
  return out
}

/** `$1 = 'a', $2 = NULL, $3 = 'it''s'` → ['a', null, "it's"]. */
export function parseParameters(detail: string): Array<string | null> {
  const values: Array<string | null> = []
  let i = detail.indexOf('$')
  while (i !== -1 && i < detail.length) {
    const eq = detail.indexOf(' = ', i)
    if (eq === -1) break
    const index = Number(detail.slice(i + 1, eq)) - 1
    let j = eq + 3
    let value: string | null
    if (detail.startsWith('NULL', j)) {
      value = null
      j += 4
    } else {
      if (detail[j] !== "'") throw new Error(`Unexpected parameter text at ${j}: ${detail.slice(j, j + 20)}`)
      j++
      let v = ''
      for (;;) {
        const q = detail.indexOf("'", j)
        if (q === -1) throw new Error('Unterminated parameter value in the statement log')
        v += detail.slice(j, q)
        if (detail[q + 1] === "'") {
          v += "'"
          j = q + 2
        } else {
          j = q + 1
          break
        }
      }
      value = v
    }
    values[index] = value
    i = detail.indexOf('$', j)
  }
  return values
}

const MARK = 'k9-bench-capture'

/**
 * Waits until a configuration reload has landed: the postmaster re-reads the
 * file when it gets to it and then signals every backend, each of which applies
 * it before its next command. Once this connection's backend shows the new
 * value, every backend has been signalled. A fixed pause was not enough on a
 * loaded machine (the start marker went unlogged).
 */
async function reloaded(client: pg.PoolClient, logStatement: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { rows } = await client.query<{ log_statement: string }>('SHOW log_statement')
    if (rows[0]?.log_statement === logStatement) break
    if (Date.now() > deadline) throw new Error(`log_statement is still ${rows[0]?.log_statement} 30 s after pg_reload_conf()`)
    await new Promise((r) => setTimeout(r, 50))
  }
  // The others apply it at their next command: give a signal in flight a moment.
  await new Promise((r) => setTimeout(r, 100))
}

/**
 * Runs `request` once with every statement logged, and returns the
 * statements the app sent (not the capture's own), in the order the server
 * executed them.
 */
export async function captureStatements(admin: pg.Pool, logFile: string, request: () => Promise<unknown>): Promise<CapturedStep[]> {
  const tag = `${MARK}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`
  const own = new Set<number>()
  const client = await admin.connect()
  try {
    own.add(Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid))
    const before = (await client.query<{ log_statement: string }>('SHOW log_statement')).rows[0]!.log_statement
    await client.query(`ALTER SYSTEM SET log_statement = 'all'`)
    await client.query('SELECT pg_reload_conf()')
    await reloaded(client, 'all')
    const start = fs.statSync(logFile).size
    await client.query(`SELECT '${tag}-start'`)
    await request()
    await client.query(`SELECT '${tag}-end'`)
    await client.query('ALTER SYSTEM RESET log_statement')
    await client.query('SELECT pg_reload_conf()')
    await reloaded(client, before)
    const text = readFrom(logFile, start)
    const all = entries(text)
    const from = all.findIndex((e) => e.message.includes(`${tag}-start`))
    const to = all.findIndex((e) => e.message.includes(`${tag}-end`))
    if (from === -1 || to === -1) throw new Error(`The statement log (${logFile}) does not show the capture's markers: is log_statement allowed?`)
    // Statements inside a transaction of the app stay together (replayed as one transaction), in commit order.
    const out: CapturedStep[] = []
    const open = new Map<number, CapturedStatement[]>()
    for (let k = from + 1; k < to; k++) {
      const e = all[k]!
      if (own.has(e.pid) || e.level !== 'LOG') continue
      const exec = /^execute ([^:]+): ([\s\S]*)$/.exec(e.message)
      const simple = /^statement: ([\s\S]*)$/.exec(e.message)
      const sql = exec?.[2] ?? simple?.[1]
      if (!sql) continue
      if (/^\s*(BEGIN|START TRANSACTION)\b/i.test(sql)) {
        open.set(e.pid, [])
        continue
      }
      if (/^\s*(COMMIT|ROLLBACK|END)\b/i.test(sql)) {
        const group = open.get(e.pid)
        open.delete(e.pid)
        if (group?.length) out.push({ transaction: true, statements: group })
        continue
      }
      const detail = all[k + 1]
      const values = exec && detail?.pid === e.pid && detail.level === 'DETAIL' && detail.message.startsWith('Parameters: ') ? parseParameters(detail.message.slice('Parameters: '.length)) : []
      const statement: CapturedStatement = exec ? { text: sql, values, name: exec[1]! } : { text: sql, values }
      const group = open.get(e.pid)
      if (group) group.push(statement)
      else out.push({ transaction: false, statements: [statement] })
    }
    return out
  } finally {
    await client.query('ALTER SYSTEM RESET log_statement').catch(() => undefined)
    await client.query('SELECT pg_reload_conf()').catch(() => undefined)
    client.release()
  }
}

function readFrom(file: string, start: number): string {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const buf = Buffer.alloc(Math.max(0, size - start))
    fs.readSync(fd, buf, 0, buf.length, start)
    return buf.toString('utf8')
  } finally {
    fs.closeSync(fd)
  }
}

/** A statement that changes data: DML, or the audit trail's append function (migration audit_append_function). */
const WRITE = /^\s*(INSERT|UPDATE|DELETE|WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b|SELECT\s+"k9_audit_append"\()/i

const nameOf = (text: string) => `raw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`

/**
 * Replays one request's statements through one connection as the app sent
 * them: each of the app's transactions as a transaction, the rest one by one
 * (reads) — and keeps nothing: transactions end in ROLLBACK, and a write
 * outside one runs inside BEGIN … ROLLBACK too. A write that fails on replay
 * (the audit chain's unique hash) is rolled back to its savepoint. A
 * hand-written statement of the app (HOT_STATEMENT_NAME) runs on a connection
 * of `hotPool`, whose sessions must be set up as the app's hotRows sessions are
 * (HOT_SESSION_OPTIONS): planned once per connection.
 */
export async function replay(pool: pg.Pool, hotPool: pg.Pool, steps: readonly CapturedStep[]): Promise<void> {
  const client = await pool.connect()
  // Connected on the first hand-written statement only (a holder, so that the finally sees what the closure assigned).
  const hot: { client?: pg.PoolClient } = {}
  const run = (s: CapturedStatement) => client.query({ name: nameOf(s.text), text: s.text, values: s.values })
  const runHot = async (s: CapturedStatement) => {
    hot.client ??= await hotPool.connect()
    return hot.client.query({ name: nameOf(s.text), text: s.text, values: s.values })
  }
  try {
    for (const step of steps) {
      const writes = step.statements.some((s) => WRITE.test(s.text))
      if (!step.transaction && !writes) {
        const s = step.statements[0]!
        await (s.name && HOT_STATEMENT_NAME.test(s.name) ? runHot(s) : run(s))
        continue
      }
      await client.query('BEGIN')
      try {
        for (const s of step.statements) {
          if (!WRITE.test(s.text)) {
            await run(s)
            continue
          }
          await client.query('SAVEPOINT replay')
          try {
            await run(s)
            await client.query('RELEASE SAVEPOINT replay')
          } catch {
            await client.query('ROLLBACK TO SAVEPOINT replay')
          }
        }
      } finally {
        await client.query('ROLLBACK')
      }
    }
  } finally {
    client.release()
    hot.client?.release()
  }
}
