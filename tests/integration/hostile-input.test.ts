import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import type { Role } from '@/lib/generated/prisma/enums'
import { fromForm, type ActionState } from '@/lib/server/action'
import { ACTION_REGISTRY, type RegistryEntry } from '@/lib/server/action-registry'
import { db } from '@/lib/server/db'
import { seed } from '@/prisma/seed'
import { requestContext } from '../helpers/request-context'
import { describePayload, hostileFile, hostileId, hostileKey, hostileString, HOSTILE_NUMBERS, HOSTILE_DATES, SQL_AND_HTML, ODD_UNICODE, toFormData, type FieldValue } from '../helpers/hostile'

/**
 * Hostile input (issue 9 item 1; docs/decisions/017-hostile-input.md).
 *
 * For EVERY entry of lib/server/action-registry.ts (which the authorization
 * matrix keeps equal to the set of exported server actions and route
 * handlers), fast-check sends at least 1,000 generated invalid payloads
 * through the real entry point: the exported action function with a FormData,
 * the exported route handler with a real Request. Only the request context is
 * substituted: `@/auth` answers with the session id of the role under test
 * (the session row itself is real and checked in the database as in
 * production), `next/headers` gives the request's headers, `next/cache`
 * revalidation is a no-op. A new action or route is fuzzed as soon as it is
 * registered; its field names and types come from the zod schema it parses
 * (found in its source) and a valid example from its registry probe.
 *
 * Each payload must be answered, never thrown at (a Next redirect to sign-in
 * or a 404 is an answer), with no 5xx, with a clear message (no stack trace,
 * no Prisma text, no "[object Object]", no "Something went wrong") and the
 * form's values given back; the database must not change (a digest of every
 * table; audit rows only for refused or audited reads).
 *
 * FUZZ_RUNS (default 1000) sets the runs per entry; FUZZ_SEED replays a run.
 */

vi.mock('@/auth', async (importOriginal) => {
  const { currentFakeRequest } = await import('../helpers/request-context')
  const { sessionCookieName } = await importOriginal<typeof import('@/auth')>()
  return {
    sessionCookieName,
    auth: async () => {
      const sid = currentFakeRequest().sid
      return sid ? { sid, expires: new Date(Date.now() + 3_600_000).toISOString() } : null
    },
    // Sign-in payloads are filtered to those the schema refuses: reaching signIn() means one was not refused.
    signIn: async () => {
      throw new Error('hostile-input: signIn() reached with a payload the schema should have refused')
    },
    signOut: async () => undefined,
  }
})
vi.mock('next/headers', async () => {
  const { currentFakeRequest, fakeCookies } = await import('../helpers/request-context')
  return {
    headers: async () => currentFakeRequest().headers,
    cookies: fakeCookies,
  }
})
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined, refresh: () => undefined }))

const ROOT = process.cwd()
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
const ORIGIN = 'http://k9.test'
const ROLES: Role[] = ['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN']
type Who = Role | 'SIGNED_OUT' | 'PENDING_MFA' | 'PENDING_PASSWORD' | 'PENDING_MFA_SETUP'

/** Actions that read no input at all: there is no invalid payload for a signed-in user, so they are fuzzed signed out and mid-sign-in. */
const INPUTLESS = new Set(['app/(auth)/actions.ts#signOutAction', 'app/(app)/account/actions.ts#regenerateRecoveryCodesAction', 'app/(app)/account/actions.ts#endOtherSessionsAction', 'app/(app)/evidence/verification/actions.ts#verifyAllChainsAction'])

// ───────────────────────────── schemas, found in the source ─────────────────────────────

const schemaModules = import.meta.glob('../../lib/schemas/*.ts', { eager: true }) as Record<string, Record<string, unknown>>
const SCHEMAS = new Map<string, z.ZodType>()
for (const mod of Object.values(schemaModules)) for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodType) SCHEMAS.set(name, value)

/** The text of an exported function and of the file's own functions it calls. */
function functionText(file: string, name: string): string {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const start = text.search(new RegExp(`export (async )?function ${name}\\b|export const ${name}\\b`))
  if (start < 0) return ''
  const rest = text.slice(start)
  const end = rest.slice(1).search(/\nexport /)
  const body = end < 0 ? rest : rest.slice(0, end + 1)
  const helpers = [...body.matchAll(/\b([a-z]\w*)\(/g)].map((m) => m[1]!)
  let extra = ''
  for (const h of new Set(helpers)) {
    const m = new RegExp(`\\n(async )?function ${h}\\b[\\s\\S]*?\\n}`).exec(text)
    if (m) extra += m[0]
  }
  return body + extra
}

function schemaOf(file: string, name: string): { name: string; schema: z.ZodType } | null {
  const text = functionText(file, name)
  const parsed = [...text.matchAll(/\b([A-Z]\w*Schema)\.(safeParse|parse)\(/g)].map((m) => m[1]!)
  const mentioned = [...text.matchAll(/\b([A-Z]\w*Schema)\b/g)].map((m) => m[1]!)
  for (const n of [...parsed, ...mentioned]) {
    const s = SCHEMAS.get(n)
    if (s) return { name: n, schema: s }
  }
  return null
}

type Field = { name: string; uuid: boolean; reference: boolean; enumValues: string[] | null; number: boolean; date: boolean; repeated: boolean }

type JsonSchema = { type?: string; format?: string; enum?: unknown[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; pattern?: string }

function fieldsOf(schema: z.ZodType): Field[] {
  let json: JsonSchema
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  } catch {
    return []
  }
  const out: Field[] = []
  const add = (name: string, s: JsonSchema, repeated: boolean) => {
    const variants = s.anyOf ?? [s]
    const uuid = variants.some((v) => v.format === 'uuid')
    const enumValues = variants.flatMap((v) => (v.enum ?? []).map(String))
    out.push({
      name,
      uuid,
      reference: uuid && /Id$/.test(name),
      enumValues: enumValues.length ? enumValues : null,
      number: variants.some((v) => v.type === 'integer' || v.type === 'number'),
      date: /At$|Date|date|dueAt|^from$|^to$/.test(name) || variants.some((v) => v.format === 'date' || v.format === 'date-time'),
      repeated,
    })
  }
  // A discriminated union (one form per kind) or an intersection: every variant's fields.
  const variants = [json, ...(json.anyOf ?? []), ...((json as { oneOf?: JsonSchema[] }).oneOf ?? []), ...((json as { allOf?: JsonSchema[] }).allOf ?? [])]
  const properties: Record<string, JsonSchema> = {}
  for (const v of variants) for (const [name, p] of Object.entries(v.properties ?? {})) properties[name] ??= p
  for (const [name, s] of Object.entries(properties)) {
    const items = (s.anyOf ?? [s]).find((v) => v.type === 'array')?.items
    if (items?.type === 'object' && items.properties) {
      for (const i of [0, 1]) for (const [sub, ss] of Object.entries(items.properties)) add(`${name}.${i}.${sub}`, ss, false)
    } else add(name, s, Boolean(items))
  }
  return out
}

/** A valid raw input for the schema, captured from the entry's registry probe (which parses one): spy on parse, stop before the command. */
const STOP = new Error('hostile-input: probe input captured')
async function baseInputOf(entry: RegistryEntry, schema: z.ZodType, actor: Parameters<NonNullable<RegistryEntry['probe']>['run']>[0]): Promise<Record<string, unknown> | null> {
  if (!entry.probe) return null
  let captured: Record<string, unknown> | null = null
  const original = schema.parse.bind(schema)
  ;(schema as { parse: unknown }).parse = (input: unknown) => {
    captured = input as Record<string, unknown>
    throw STOP
  }
  try {
    await entry.probe.run(actor)
  } catch {
    // STOP, or a probe that does not parse this schema
  } finally {
    ;(schema as { parse: unknown }).parse = original
  }
  return captured
}

/** A raw zod input object → the (name, value) pairs a browser would post. */
function toPairs(input: Record<string, unknown>): Array<[string, FieldValue]> {
  const pairs: Array<[string, FieldValue]> = []
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item && typeof item === 'object') for (const [sk, sv] of Object.entries(item)) if (sv !== undefined && sv !== null) pairs.push([`${k}.${i}.${sk}`, { kind: 'text', value: String(sv) }])
        else pairs.push([k, { kind: 'text', value: String(item) }])
      })
    } else pairs.push([k, { kind: 'text', value: v instanceof Date ? v.toISOString() : String(v) }])
  }
  return pairs
}

// ───────────────────────────── the world: seed, sessions, fingerprint ─────────────────────────────

const sessions = new Map<Who, string>()
let allIds: string[] = []
const idsByTable = new Map<string, string[]>()

async function makeSession(who: Who): Promise<string> {
  const role: Role = ROLES.includes(who as Role) ? (who as Role) : 'OFFICER'
  const user = await db.user.create({
    data: {
      email: `fuzz-${who.toLowerCase()}@k9.test`,
      name: `Fuzz ${who}`,
      role,
      passwordHash: 'not-a-hash',
      mustChangePassword: who === 'PENDING_PASSWORD',
      mfaEnabledAt: who === 'PENDING_MFA_SETUP' ? null : new Date(),
    },
    select: { id: true },
  })
  const now = Date.now()
  // lastSeenAt a day ahead: the once-a-minute "last seen" touch never fires, so a run changes nothing by being signed in.
  const s = await db.session.create({
    data: { userId: user.id, createdAt: new Date(now), lastSeenAt: new Date(now + 86_400_000), expiresAt: new Date(now + 3_600_000 * 11), mfaPending: who === 'PENDING_MFA' },
    select: { id: true },
  })
  return s.id
}

/** Every table's rows (but the audit trail) as one digest each, and the audit trail's high-water mark. */
async function fingerprint(): Promise<{ digest: Record<string, string | null>; auditSeq: bigint }> {
  const rows = await db.$queryRaw<Array<{ table: string; digest: string | null }>>`
    SELECT table_name AS table,
           (xpath('/row/d/text()', query_to_xml(format('SELECT count(*) || '':'' || coalesce(md5(string_agg(x::text, '','' ORDER BY x::text)), '''') AS d FROM %I x', table_name), false, true, '')))[1]::text AS digest
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'AuditEvent')
    ORDER BY table_name`
  const [{ max }] = await db.$queryRaw<[{ max: bigint | null }]>`SELECT max(seq) AS max FROM "AuditEvent"`
  return { digest: Object.fromEntries(rows.map((r) => [r.table, r.digest])), auditSeq: max ?? 0n }
}

async function auditActionsSince(seq: bigint): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { seq: { gt: seq } }, select: { action: true } })
  return [...new Set(rows.map((r) => r.action))]
}

function changedTables(a: Record<string, string | null>, b: Record<string, string | null>): string[] {
  return Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t])
}

beforeAll(async () => {
  const started = performance.now()
  await seed(process.env.DATABASE_URL!, { blobDir: process.env.BLOB_DIR, log: () => undefined })
  for (const who of [...ROLES, 'SIGNED_OUT', 'PENDING_MFA', 'PENDING_PASSWORD', 'PENDING_MFA_SETUP'] as Who[]) if (who !== 'SIGNED_OUT') sessions.set(who, await makeSession(who))
  // Ids of real records of every kind: as "ids of another scope" and, put in a field of another kind, as type confusion.
  const tables = await db.$queryRaw<Array<{ table: string }>>`
    SELECT c.table_name AS table FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid' AND c.table_name <> 'AuditEvent'`
  for (const { table } of tables) {
    const [row] = await db.$queryRaw<[{ ids: string | null }]>`
      SELECT (xpath('/row/ids/text()', query_to_xml(format('SELECT string_agg(id::text, '','') AS ids FROM (SELECT id FROM %I ORDER BY id LIMIT 20) x', ${table}::text), false, true, '')))[1]::text AS ids`
    idsByTable.set(table, row.ids ? row.ids.split(',') : [])
  }
  allIds = [...idsByTable.values()].flat()
  console.log(`[hostile-input] world ready in ${Math.round(performance.now() - started)} ms: ${allIds.length} ids from ${idsByTable.size} tables`)
}, 180_000)

const timings: Array<{ key: string; runs: number; ms: number }> = []
afterAll(() => {
  const total = timings.reduce((s, t) => s + t.ms, 0)
  const runs = timings.reduce((s, t) => s + t.runs, 0)
  console.log(`[hostile-input] ${timings.length} entries, ${runs} payloads in ${(total / 1000).toFixed(1)} s (${(total / Math.max(runs, 1)).toFixed(2)} ms each)`)
  for (const t of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  slowest: ${t.key} ${t.runs} runs ${(t.ms / 1000).toFixed(1)} s`)
})

// ───────────────────────────── answers ─────────────────────────────

/** Text that must never reach a user (zod's own English included: lib/schemas/messages.ts replaces it). */
const LEAK = /^Invalid (input|option|string|format)|Too (big|small):|expected (string|number|one of)|prisma|invalid `|\n\s+at |\bat (async )?\w+ \(|\[object Object\]|Something went wrong|TypeError|ReferenceError|SyntaxError|RangeError|ZodError|\bundefined\b|\bNaN\b|SQLSTATE|violates|duplicate key|relation "|column "/i

function assertClean(text: unknown, where: string) {
  expect(typeof text, `${where}: not a string`).toBe('string')
  const s = text as string
  expect(s.trim().length, `${where}: empty message`).toBeGreaterThan(0)
  expect(s.length, `${where}: message of ${s.length} characters (echoing input?)`).toBeLessThan(600)
  expect(LEAK.test(s), `${where}: leaks internals: ${JSON.stringify(s.slice(0, 300))}`).toBe(false)
}

type Answer = { kind: 'state'; state: ActionState } | { kind: 'redirect'; to: string } | { kind: 'not-found' }

function nextSignal(error: unknown): Answer | null {
  const digest = (error as { digest?: unknown } | null)?.digest
  if (typeof digest !== 'string') return null
  if (digest.startsWith('NEXT_REDIRECT;')) return { kind: 'redirect', to: digest.split(';')[2] ?? '' }
  if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return { kind: 'not-found' }
  return null
}

const REFUSAL_REDIRECT = /^\/sign-in(\/verify|\/change-password|\/setup-mfa)?(\?reason=[\w-]+)?$|^\/$/

function checkActionAnswer(answer: Answer, who: Who, payload: string) {
  const where = `as ${who} with ${payload}`
  if (answer.kind === 'not-found') return
  if (answer.kind === 'redirect') {
    // Only refusals redirect here (sign-in, a pending step, or home from a step that is not owed); a redirect elsewhere is a success.
    expect(answer.to, `${where}: redirected to ${answer.to}, as if it succeeded`).toMatch(REFUSAL_REDIRECT)
    if (answer.to === '/') expect(who.startsWith('PENDING') || ROLES.includes(who as Role), where).toBe(true)
    return
  }
  const { state } = answer
  expect(state.status, `${where}: answered ${JSON.stringify(state).slice(0, 300)}`).toBe('error')
  assertClean(state.message, `${where}: message`)
  for (const [field, messages] of Object.entries(state.fieldErrors ?? {})) {
    expect(Array.isArray(messages), `${where}: fieldErrors.${field}`).toBe(true)
    for (const m of messages) assertClean(m, `${where}: fieldErrors.${field}`)
  }
  if (state.fieldErrors && Object.keys(state.fieldErrors).length > 0) expect(state.values, `${where}: the form's values must come back`).toBeTypeOf('object')
}

async function callAction(fn: (prev: ActionState, form: FormData) => Promise<ActionState>, form: FormData): Promise<Answer> {
  try {
    return { kind: 'state', state: await fn({ status: 'idle' }, form) }
  } catch (error) {
    const signal = nextSignal(error)
    if (signal) return signal
    throw error
  }
}

function asRequest<T>(who: Who, headers: Headers | null, run: () => Promise<T>): Promise<T> {
  const sid = who === 'SIGNED_OUT' ? null : sessions.get(who)!
  return requestContext.run({ sid, headers: headers ?? new Headers({ origin: ORIGIN, host: 'k9.test', 'user-agent': 'hostile-input', 'x-real-ip': '203.0.113.9' }) }, run)
}

// ───────────────────────────── payload generators ─────────────────────────────

function valueFor(f: Field | null): fc.Arbitrary<FieldValue> {
  const specific: fc.Arbitrary<string>[] = [hostileString]
  if (!f || f.uuid) specific.push(hostileId(allIds))
  if (f?.enumValues) specific.push(fc.constantFrom(...f.enumValues).chain((v) => fc.constantFrom(v.toLowerCase(), ` ${v}`, `${v}\u0000`, `${v},${v}`, v.split('').reverse().join(''))))
  if (!f || f.number) specific.push(fc.constantFrom(...HOSTILE_NUMBERS))
  if (!f || f.date) specific.push(fc.constantFrom(...HOSTILE_DATES))
  return fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...specific).map((value): FieldValue => ({ kind: 'text', value })) },
    { weight: 1, arbitrary: hostileFile },
  )
}

type Pairs = Array<[string, FieldValue]>

/** Hostile payloads: near-valid (a valid example with 1–3 fields broken, dropped or doubled) and wild (every field hostile or missing), plus extra fields. */
function invalidPayloads(fields: Field[], base: Pairs | null): fc.Arbitrary<Pairs> {
  const extras = fc.array(fc.tuple(hostileKey, valueFor(null)), { maxLength: 3 })
  const wild = fc
    .tuple(...fields.map((f) => fc.option(fc.array(valueFor(f), { minLength: 1, maxLength: 2 }), { freq: 4 })), extras)
    .map(([...parts]) => {
      const extra = parts.pop() as Array<[string, FieldValue]>
      const pairs: Pairs = []
      ;(parts as Array<FieldValue[] | null>).forEach((values, i) => values?.forEach((v) => pairs.push([fields[i]!.name, v])))
      return [...pairs, ...extra]
    })
  if (!base || base.length === 0 || fields.length === 0) return wild
  const nearValid = fc
    .tuple(
      fc.array(
        fc.tuple(fc.constantFrom(...fields), fc.constantFrom('replace', 'drop', 'double', 'replace') as fc.Arbitrary<'replace' | 'drop' | 'double'>).chain(([f, op]) => valueFor(f).map((v) => ({ f, op, v }))),
        { minLength: 1, maxLength: 3 },
      ),
      fc.option(extras, { freq: 3 }),
    )
    .map(([edits, extra]) => {
      let pairs: Pairs = base.map(([k, v]) => [k, v])
      for (const { f, op, v } of edits) {
        if (op === 'drop') pairs = pairs.filter(([k]) => k !== f.name)
        else if (op === 'double') pairs.push([f.name, v])
        else pairs = [...pairs.filter(([k]) => k !== f.name), [f.name, v]]
      }
      return [...pairs, ...(extra ?? [])]
    })
  return fc.oneof({ weight: 3, arbitrary: nearValid }, { weight: 2, arbitrary: wild })
}

/** The stem of a reference field's name: "toUserId" → "user", "deployments.0.dogId" → "dog". */
function stemOf(name: string): string {
  const last = name.split('.').pop()!.replace(/Id$/, '')
  const words = last.split(/(?=[A-Z])/)
  return words[words.length - 1]!.toLowerCase()
}

/** Ids for a reference field that cannot name a record it may act on: unknown ids, and ids of records of other kinds. */
function wrongIdsFor(name: string): fc.Arbitrary<string> {
  const stem = stemOf(name)
  const matching = [...idsByTable.keys()].filter((t) => t.toLowerCase().includes(stem))
  const others = matching.length === 0 ? [] : [...idsByTable.entries()].filter(([t]) => !matching.includes(t)).flatMap(([, ids]) => ids)
  return others.length ? fc.oneof(fc.uuid(), fc.constantFrom(...others)) : fc.uuid()
}

/** Free-text values the schema accepts: SQL, HTML and odd Unicode within the field's limits. */
const hostileButValidText = fc.constantFrom(...SQL_AND_HTML, ...ODD_UNICODE.filter((s) => s.trim().length > 0), 'Robert\'); DROP TABLE "Dog";--', '<b onmouseover=alert(1)>Rex</b>')

/** Payloads the schema accepts whose every reference names the wrong record: the command must refuse (404 / validation), writing nothing. */
function wrongReferencePayloads(fields: Field[], base: Pairs, schema: z.ZodType): fc.Arbitrary<Pairs> | null {
  const refs = fields.filter((f) => f.reference && base.some(([k]) => k === f.name))
  if (refs.length === 0) return null
  const texts = fields.filter((f) => !f.uuid && !f.enumValues && !f.number && !f.date && base.some(([k]) => k === f.name))
  return fc
    .tuple(
      fc.tuple(...refs.map((f) => wrongIdsFor(f.name))),
      fc.array(fc.tuple(fc.constantFrom(...(texts.length ? texts : fields)), hostileButValidText), { maxLength: 3 }),
    )
    .map(([ids, edits]) => {
      const pairs: Pairs = base.map(([k, v]) => [k, v])
      refs.forEach((f, i) => {
        for (const p of pairs) if (p[0] === f.name) p[1] = { kind: 'text', value: ids[i]! }
      })
      for (const [f, text] of edits) {
        const tried = pairs.map(([k, v]): [string, FieldValue] => [k, k === f.name ? { kind: 'text', value: text } : v])
        if (schema.safeParse(fromForm(toFormData(tried))).success) pairs.splice(0, pairs.length, ...tried)
      }
      return pairs
    })
}

const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 6)

/**
 * numRuns payloads from the arbitrary (deterministic for a seed), sent a few
 * at a time: each request waits on the database, so overlapping them keeps
 * 1,000 per entry affordable. A failure names the payload and the seed that
 * replays the run (FUZZ_SEED); huge strings are abbreviated in the message.
 */
async function sendAll<T>(key: string, arbitrary: fc.Arbitrary<T>, numRuns: number, send: (value: T) => Promise<void>): Promise<number> {
  const seed = SEED ?? Math.floor(Math.random() * 2 ** 31)
  const t0 = performance.now()
  const values = fc.sample(arbitrary, { numRuns, seed })
  if (process.env.FUZZ_PROFILE) console.log(`[hostile-input] ${key}: generated ${numRuns} in ${Math.round(performance.now() - t0)} ms`)
  let next = 0
  let failure: Error | null = null
  const worker = async () => {
    while (!failure && next < values.length) {
      const i = next++
      try {
        await send(values[i]!)
      } catch (error) {
        const cause = error instanceof Error ? `${error.message}${error.message.includes('\n    at ') ? '' : `\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`}` : String(error)
        failure ??= new Error(`${key}: payload ${i + 1} of ${values.length} failed (replay with FUZZ_SEED=${seed}):\n${cause.slice(0, 4000)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  if (failure) throw failure
  return values.length
}

// ───────────────────────────── the entries ─────────────────────────────

type Entry = { key: string; file: string; name: string; route: boolean; entry: RegistryEntry }
const ENTRIES: Entry[] = Object.entries(ACTION_REGISTRY).map(([key, entry]) => {
  const [file, name] = key.split('#') as [string, string]
  return { key, file, name, route: file.endsWith('route.ts'), entry }
})

function whoFor(e: Entry): Who[] {
  // Signing out ends whatever session asks, whatever it posts: only the signed-out caller has nothing to change.
  if (e.key === 'app/(auth)/actions.ts#signOutAction') return ['SIGNED_OUT']
  if (INPUTLESS.has(e.key)) return ['SIGNED_OUT', 'PENDING_MFA', 'PENDING_PASSWORD', 'PENDING_MFA_SETUP']
  if (e.entry.access === 'public' || e.entry.access === 'sign-in-step') return ['SIGNED_OUT', 'PENDING_MFA', 'PENDING_PASSWORD', 'PENDING_MFA_SETUP', ...ROLES]
  return ['SIGNED_OUT', ...ROLES]
}

/** Audit rows a refused payload may leave: refusals are audited; reads (GET) are audited too. */
function auditAllowed(e: Entry, action: string): boolean {
  if (action === 'access.denied') return true
  return e.route && e.name === 'GET'
}

async function checkNoChange(e: Entry, before: Awaited<ReturnType<typeof fingerprint>>) {
  const after = await fingerprint()
  expect(changedTables(before.digest, after.digest), `${e.key}: hostile payloads changed these tables`).toEqual([])
  const audited = (await auditActionsSince(before.auditSeq)).filter((a) => !auditAllowed(e, a))
  expect(audited, `${e.key}: hostile payloads left these audit records`).toEqual([])
}

async function fuzzAction(e: Entry): Promise<number> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, e.file))) as Record<string, unknown>
  const fn = mod[e.name] as (prev: ActionState, form: FormData) => Promise<ActionState>
  expect(fn, `${e.key} is not exported`).toBeTypeOf('function')
  const found = schemaOf(e.file, e.name)
  if (!INPUTLESS.has(e.key)) expect(found, `${e.key}: no zod schema found in its source; add it to INPUTLESS if it reads no input`).not.toBeNull()
  const fields = found ? fieldsOf(found.schema) : []
  const probeActor = { id: '00000000-0000-7000-8000-000000000001', email: 'probe@k9.test', name: 'Probe', role: 'ADMIN' as Role, handlerId: null, sessionId: null, ip: null, userAgent: null }
  const baseInput = found ? await baseInputOf(e.entry, found.schema, probeActor) : null
  const base = baseInput ? toPairs(baseInput) : null
  if (base && found) expect(found.schema.safeParse(fromForm(toFormData(base))).success, `${e.key}: the probe's input does not survive the form round trip`).toBe(true)
  if (process.env.FUZZ_PROFILE) console.log(`[hostile-input] ${e.key}: schema ${found?.name ?? '-'}, ${fields.length} fields, ${base ? 'a valid example' : 'no valid example'}`)
  const who = fc.constantFrom(...whoFor(e))

  const send = async (w: Who, pairs: Pairs) => {
    const answer = await asRequest(w, null, () => callAction(fn, toFormData(pairs)))
    checkActionAnswer(answer, w, describePayload(pairs))
    return answer
  }

  // 1. Invalid payloads: the schema refuses every one (checked here, so a payload that happens to be valid is not sent).
  const invalid = invalidPayloads(fields, base)
  let runs = await sendAll(e.key, fc.tuple(who, found ? invalid.filter((pairs) => !found.schema.safeParse(fromForm(toFormData(pairs))).success) : invalid), RUNS, async ([w, pairs]) => {
    await send(w, pairs)
  })

  // 2. Valid-looking payloads whose references name the wrong record (unknown ids, records of another kind), with hostile free text.
  const wrong = base && found ? wrongReferencePayloads(fields, base, found.schema) : null
  if (wrong && found) {
    const valid = wrong.filter((pairs) => found.schema.safeParse(fromForm(toFormData(pairs))).success)
    runs += await sendAll(`${e.key} (wrong references)`, fc.tuple(fc.constantFrom(...ROLES), valid), Math.ceil(RUNS / 4), async ([w, pairs]) => {
      const answer = await send(w, pairs)
      if (answer.kind === 'state') expect(answer.state.status).toBe('error')
    })
  }
  return runs
}

function routePath(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/')
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      const m = /^\[(\w+)\]$/.exec(s)
      return m ? encodeURIComponent((params[m[1]!] ?? '').toWellFormed()) : s
    })
  return `/${segments.join('/')}`
}

async function fuzzRoute(e: Entry): Promise<number> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, e.file))) as Record<string, unknown>
  const handler = mod[e.name] as (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
  expect(handler, `${e.key} is not exported`).toBeTypeOf('function')
  const paramNames = [...e.file.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!)
  const source = readFileSync(path.join(ROOT, e.file), 'utf8')
  const found = schemaOf(e.file, e.name)
  const schemaFields = found ? fieldsOf(found.schema) : []
  const formNames = [...source.matchAll(/(?:form|searchParams)\.get(?:All)?\('([^']+)'\)/g)].map((m) => m[1]!)
  const fields: Field[] = [...schemaFields, ...[...new Set(formNames)].filter((n) => !schemaFields.some((f) => f.name === n)).map((name) => ({ name, uuid: false, reference: false, enumValues: null, number: false, date: false, repeated: false }))]
  const unsafe = e.name !== 'GET' && e.name !== 'HEAD'
  const paramValue = fc.oneof(hostileId(allIds), hostileString.filter((s) => s.length < 5000))
  const origin = fc.oneof({ weight: 8, arbitrary: fc.constant(ORIGIN) }, { weight: 2, arbitrary: fc.constantFrom(null, 'null', 'https://evil.example', 'http://k9.test.evil.example', 'http://k9.test:8080', 'not a url') })
  const body = fc.oneof(
    { weight: 4, arbitrary: invalidPayloads(fields, null).map((pairs) => ({ kind: 'form' as const, pairs })) },
    { weight: 1, arbitrary: fc.constantFrom('', '{"version":1}', '--x\r\nContent-Disposition: form-data; name="photo"\r\n\r\n', '\u0000\u0000').map((text) => ({ kind: 'raw' as const, text })) },
  )
  const requests = fc.tuple(fc.constantFrom(...whoFor(e)), fc.tuple(...paramNames.map(() => paramValue)), invalidPayloads(fields, null), body, origin)
  return sendAll(e.key, requests, RUNS, async ([w, paramValues, query, payload, from]) => {
      const params = Object.fromEntries(paramNames.map((n, i) => [n, paramValues[i]!]))
      const url = new URL(routePath(e.file, params), ORIGIN)
      for (const [k, v] of query) url.searchParams.append(k, v.kind === 'text' ? v.value.slice(0, 2000) : 'file')
      const headers = new Headers({ host: 'k9.test', 'user-agent': 'hostile-input' })
      if (unsafe && from) headers.set('origin', from)
      let init: RequestInit = { method: e.name, headers }
      if (unsafe) {
        if (payload.kind === 'form') init = { ...init, body: toFormData(payload.pairs) }
        else init = { ...init, body: payload.text, headers: (headers.set('content-type', 'multipart/form-data; boundary=x'), headers) }
      }
      const req = new Request(url, init)
      const where = `${e.key} as ${w} ${url.pathname}${url.search.slice(0, 200)} origin=${from} body=${payload.kind === 'form' ? describePayload(payload.pairs) : JSON.stringify(payload.text)}`
      let response: Response
      try {
        response = await asRequest(w, req.headers, () => handler(req, { params: Promise.resolve(params) }))
      } catch (error) {
        const signal = nextSignal(error)
        if (signal?.kind === 'not-found') return
        throw new Error(`${where}: threw ${error instanceof Error ? error.stack : String(error)}`)
      }
      expect(response.status, `${where}: ${response.status}`).toBeLessThan(500)
      if (unsafe && from !== ORIGIN) expect(response.status, `${where}: another origin must be refused`).toBe(403)
      if (response.status >= 300 && response.status < 400) {
        expect(new URL(response.headers.get('location') ?? '', ORIGIN).origin, `${where}: redirect off-site`).toBe(ORIGIN)
        await response.body?.cancel()
      } else if (response.status >= 400) {
        const json = (await response.json()) as { error?: unknown }
        assertClean(json.error, where)
      } else {
        await response.body?.cancel()
      }
  })
}

describe('hostile input: every server action and route handler', () => {
  it('covers every registry entry', () => {
    expect(ENTRIES.length).toBeGreaterThan(40)
  })

  it.each(ENTRIES.map((e) => [e.key, e] as const))('%s', async (_key, e) => {
    const before = await fingerprint()
    const started = performance.now()
    const runs = e.route ? await fuzzRoute(e) : await fuzzAction(e)
    timings.push({ key: e.key, runs, ms: performance.now() - started })
    expect(runs).toBeGreaterThanOrEqual(RUNS)
    await checkNoChange(e, before)
  }, 600_000) // 1,000+ payloads: seconds on an idle machine, minutes on a loaded one
})
