/**
 * `npm run db:scale -- --incidents 1000000`: a statewide dataset for the
 * benchmark (issue 10). Sizes follow the issue at 1,000,000 incidents and
 * scale with the flag (a floor keeps small runs meaningful):
 *
 *   2,000 dogs · 3,000 handlers · 1,000,000 incidents · 1,500,000 deployments
 *   300,000 medical records · 2,000,000 vital signs · 500,000 evidence items
 *   with ~3,000,000 custody events · 20,000 investigations · 200,000 links
 *   5,000,000 audit events
 *
 * On top of the demo data (the "Who shot Rex?" seed, so every demo account
 * signs in with its usual password; generated accounts share that password).
 *
 * How it loads quickly:
 * - The database is reset, migrated and seeded, then foreign-key triggers are
 *   switched off for the loading sessions (session_replication_role=replica:
 *   the rows are consistent by construction) and the secondary indexes of the
 *   big tables are dropped and rebuilt once at the end from their own
 *   definitions (pg_indexes), so the schema ends exactly as the migrations left it.
 * - Plain tables are generated inside PostgreSQL (INSERT … SELECT FROM
 *   generate_series) with ids that are valid UUIDv7 computed from a row number
 *   (k9scale.id), so any table can point at row n of another without a lookup.
 * - The two hash chains are computed in Node with the product's own code
 *   (lib/custody.ts custodyHash; lib/server/audit.ts auditContent +
 *   lib/hash-chain.ts chainHash) and streamed in with COPY: every chain
 *   verifies with the product's verifier. The audit chain continues the
 *   seed's chain (generated history is appended after the seed's events).
 * - Three connections work at once (SQL tables / custody / audit).
 * - The search lexicon, which triggers keep during normal writes, is filled
 *   once from every row (search_words_rebuild(), a few seconds per million
 *   incidents: it parses distinct sentences, not rows).
 *
 * Database: DATABASE_URL when set (its contents are DELETED: pass --yes), else
 * a dedicated embedded PostgreSQL in .data/scale on port 55439 (--port),
 * started with bulk-load settings (`npm run bench` starts it again).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { custodyHash, type CustodyContent } from '@/lib/custody'
import { chainHash } from '@/lib/hash-chain'
import { auditContent } from '@/lib/audit-content'
import { verifyItemEvents, type ChainEvent } from '@/lib/server/evidence/chain'
import { repoRoot, startEmbeddedPostgres } from './lib/embedded-pg'
import { resetDatabase } from './lib/migrate'
import { closeAllSchemaEngines } from './lib/schema-engine'

export const SCALE_DATA_DIR = path.join(repoRoot, '.data', 'scale')
export const SCALE_PG_PORT = 55439
export const SCALE_BLOB_DIR = path.join(repoRoot, '.data', 'scale-blobs')
/** Written when a load finishes, next to the data directory (<data-dir>.json): what is in the database, for the benchmark. */
export const SCALE_STATE_FILE = `${SCALE_DATA_DIR}.json`

/** Settings for the dedicated server: a load-and-benchmark database, not a production one (no fsync). */
export const SCALE_PG_SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'wal_level=minimal',
  'max_wal_senders=0',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
  'shared_buffers=1GB',
  'maintenance_work_mem=512MB',
  'work_mem=32MB',
  'effective_cache_size=8GB',
  'random_page_cost=1.1',
  'max_connections=200',
  'autovacuum=on',
]

// ───────────────────────────── sizes ─────────────────────────────

export type Sizes = ReturnType<typeof sizesFor>

export function sizesFor(incidents: number) {
  const f = incidents / 1_000_000
  const at = (full: number, min: number) => Math.max(min, Math.round(full * f))
  const dogs = at(2_000, 30)
  const handlers = Math.max(dogs + 10, at(3_000, 45))
  return {
    incidents,
    deployments: incidents + Math.floor(incidents / 2),
    dogs,
    handlers,
    vets: at(80, 3),
    techs: at(120, 3),
    detectives: at(300, 4),
    supervisors: at(100, 2),
    locations: at(400, 8),
    medicalRecords: at(300_000, 30),
    vitalSigns: at(2_000_000, 120),
    evidenceItems: at(500_000, 30),
    investigations: at(20_000, 5),
    links: at(200_000, 260),
    auditEvents: at(5_000_000, 2_000),
    /** Item 1's chain: the 10,000-event verification target of the issue. */
    longChain: 10_000,
    /** Items 2..21 carry 50-event chains (the benchmark's evidence page). */
    fiftyChains: 20,
  }
}

// ───────────────────────────── ids ─────────────────────────────

/** Kinds mixed into generated ids (12 bits of UUIDv7's rand_a). */
const K = { user: 1, handler: 2, dog: 3, incident: 4, deployment: 5, medical: 6, vital: 7, evidence: 8, custody: 9, investigation: 10, link: 11, location: 12, assignment: 13, certification: 14 } as const
const ID_EPOCH_MS = 1_700_000_000_000

/** A valid UUIDv7 from (kind, n): k9scale.id in SQL computes the same string. */
export function sid(kind: number, n: number): string {
  const h = (ID_EPOCH_MS + n).toString(16).padStart(12, '0') + '7' + kind.toString(16).padStart(3, '0') + '8' + n.toString(16).padStart(15, '0')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Where each role's generated users sit in the user numbering. */
export function userRanges(s: Sizes) {
  const officer = { first: 1, count: s.handlers }
  const vet = { first: officer.first + officer.count, count: s.vets }
  const tech = { first: vet.first + vet.count, count: s.techs }
  const detective = { first: tech.first + tech.count, count: s.detectives }
  const supervisor = { first: detective.first + detective.count, count: s.supervisors }
  return { officer, vet, tech, detective, supervisor, total: supervisor.first + supervisor.count - 1 }
}

// ───────────────────────────── time window ─────────────────────────────

const DAY = 86_400_000
const YEAR = 365.25 * DAY

function window(now: Date) {
  // Generated history ends two weeks before today: the welfare sweep's
  // back-fill looks 14 days back, and the seed's story is the recent news.
  const end = Math.floor((now.getTime() - 15 * DAY) / 1000) * 1000
  const start = end - Math.round(10 * YEAR)
  return { start, end, span: end - start }
}

// ───────────────────────────── progress ─────────────────────────────

class Progress {
  private stages = new Map<string, { weight: number; done: number; total: number; startedAt?: number; finishedAt?: number }>()
  private last = 0
  private readonly tty = process.stderr.isTTY
  private readonly started = performance.now()

  add(name: string, weight: number, total: number) {
    this.stages.set(name, { weight, done: 0, total })
  }

  /** The stage begins now (its duration counts from here, not from its first progress report). */
  start(name: string) {
    const s = this.stages.get(name)!
    s.startedAt ??= performance.now()
    this.render(false)
  }

  tick(name: string, done: number) {
    const s = this.stages.get(name)!
    s.startedAt ??= performance.now()
    s.done = Math.min(done, s.total)
    this.render(false)
  }

  finish(name: string) {
    const s = this.stages.get(name)!
    s.startedAt ??= performance.now()
    s.done = s.total
    s.finishedAt = performance.now()
    if (!this.tty) process.stderr.write(`  ✓ ${name} (${s.total.toLocaleString('en-US')} rows, ${((s.finishedAt - s.startedAt) / 1000).toFixed(1)} s)\n`)
    this.render(true)
  }

  timings() {
    return [...this.stages].map(([name, s]) => ({ name, rows: s.total, seconds: s.finishedAt && s.startedAt ? Number(((s.finishedAt - s.startedAt) / 1000).toFixed(1)) : null }))
  }

  private render(force: boolean) {
    const now = performance.now()
    if (!force && now - this.last < 250) return
    this.last = now
    let w = 0
    let d = 0
    const active: string[] = []
    for (const [name, s] of this.stages) {
      w += s.weight
      d += s.weight * (s.total ? s.done / s.total : 1)
      if (s.startedAt && !s.finishedAt) active.push(`${name} ${Math.floor((100 * s.done) / Math.max(1, s.total))}%`)
    }
    const frac = w ? d / w : 1
    const width = 30
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░')
    const line = `[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${((now - this.started) / 1000).toFixed(0)} s  ${active.join(' · ')}`
    if (this.tty) process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 120) - 1).padEnd((process.stderr.columns ?? 120) - 1)}`)
    else if (force) process.stderr.write(`${line}\n`)
  }

  end() {
    if (this.tty) process.stderr.write('\n')
  }
}

// ───────────────────────────── COPY ─────────────────────────────

function esc(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v !== 'string') return String(v)
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/** Streams rows (already COPY-text lines) into a table; lines are grouped into chunks for throughput. */
async function copyLines(client: pg.PoolClient, table: string, columns: string[], lines: Iterable<string>): Promise<void> {
  function* chunks() {
    let buf: string[] = []
    for (const line of lines) {
      buf.push(line)
      if (buf.length >= 2_000) {
        yield buf.join('')
        buf = []
      }
    }
    if (buf.length) yield buf.join('')
  }
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`))
  await pipeline(Readable.from(chunks()), stream)
}

function row(values: Array<string | number | boolean | null | undefined>): string {
  return `${values.map(esc).join('\t')}\n`
}

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pickOf = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!

// ───────────────────────────── vocabulary ─────────────────────────────

const sqlArray = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]`

const DOG_NAMES = ['Rex', 'Bella', 'Thor', 'Luna', 'Max', 'Kira', 'Duke', 'Nova', 'Ace', 'Blue', 'Bruno', 'Cobra', 'Diesel', 'Echo', 'Falco', 'Gunner', 'Hunter', 'Iris', 'Jax', 'Koda', 'Loki', 'Maya', 'Nero', 'Odin', 'Piper', 'Quest', 'Ranger', 'Storm', 'Tango', 'Ursa', 'Viper', 'Wolf', 'Xena', 'Yuki', 'Zeus', 'Argo', 'Bolt', 'Chase', 'Dax', 'Enzo', 'Fury', 'Ghost', 'Hero', 'Ivy', 'Jet', 'Kaiser', 'Lexi', 'Mack', 'Nala', 'Onyx', 'Pax', 'Raven', 'Sabre', 'Titan', 'Vera', 'Wren', 'Zara', 'Atlas', 'Blaze', 'Cash']
const BREEDS = ['German Shepherd', 'German Shepherd', 'Belgian Malinois', 'Belgian Malinois', 'Dutch Shepherd', 'Labrador Retriever', 'Springer Spaniel', 'Bloodhound']
const FIRST = ['Luke', 'Dana', 'Sam', 'Grace', 'Erik', 'Claire', 'Ken', 'Tom', 'Maria', 'Alex', 'Elena', 'Jordan', 'Priya', 'Omar', 'Hannah', 'Marcus', 'Lena', 'Diego', 'Aisha', 'Connor', 'Sofia', 'Noah', 'Mei', 'Ryan', 'Fatima', 'Liam', 'Chloe', 'Victor', 'Nina', 'Owen']
const LAST = ['Carter', 'Sharp', 'Daniels', 'Okafor', 'Lindqvist', 'Moreau', 'Nakamura', 'Brennan', 'Evans', 'Morgan', 'Ruiz', 'Hayes', 'Patel', 'Kowalski', 'Nguyen', 'Schmidt', 'Oduya', 'Fischer', 'Rossi', 'Murphy', 'Haddad', 'Novak', 'Silva', 'Walsh', 'Ibrahim', 'Jensen', 'Costa', 'Byrne', 'Mendes', 'Larsen']
const RANKS = ['Officer', 'Officer', 'Officer', 'Senior Officer', 'Corporal', 'Sergeant']
const STREETS = ['Harbour Road', 'Mill Lane', 'Station Street', 'Elm Avenue', 'Quarry Road', 'Canal Walk', 'Foundry Lane', 'Market Square', 'Ridgeway', 'Bridge Street', 'Orchard Close', 'Industrial Estate Road', 'Church Lane', 'Victoria Park', 'Riverside Drive', 'Airport Way', 'Forest Road', 'High Street', 'Depot Road', 'Lakeside Trail']
const TOWNS = ['Northbridge', 'Eastfield', 'Westholm', 'Southport', 'Ashford', 'Brookvale', 'Cedar Falls', 'Dunmore', 'Elmstead', 'Fairhaven', 'Glenrock', 'Highmoor', 'Ironbridge', 'Kingsley', 'Lowmoor', 'Marston']
const OPENERS = ['Called to a report of', 'Responded to', 'Dispatched to', 'Requested by patrol for', 'Backed up district units at', 'Attended']
const EVENTS = ['a break-in at a warehouse', 'an armed suspect fleeing on foot', 'a missing elderly man', 'a vehicle pursuit ending in a crash', 'a suspicious package at a station', 'a disturbance outside a bar', 'a burglary in progress at a pharmacy', 'a child missing near the river', 'a stabbing suspect hiding in gardens', 'a drugs search of a parked van', 'a fire at a storage depot', 'shots fired near an industrial unit']
const K9_ACTIONS = ['tracked the suspect to', 'indicated on', 'searched the building and found the suspect in', 'located the missing person near', 'held the suspect at', 'cleared', 'followed a fresh trail across', 'detected a concealed package in']
const PLACES = ['a drainage culvert', 'the loading bay', 'a garden shed', 'the railway embankment', 'a stairwell', 'the car park', 'dense woodland', 'the boot of a car', 'an abandoned house', 'the riverbank']
const CLOSERS = ['Suspect detained without further injury.', 'Nothing found; area cleared.', 'Handed over to district officers.', 'Dog checked by handler after the search.', 'Scene preserved for evidence recovery.', 'Person found safe and taken to hospital.']
const CLINICS = ['Northbridge Veterinary Hospital', 'State Police Veterinary Service', 'Eastfield Animal Emergency', 'Westholm Referral Clinic', 'Southport Vet Centre']
const PROBLEMS = ['Lameness after a fall', 'Annual fitness examination', 'Laceration to the forelimb', 'Heat exhaustion after a long track', 'Blunt trauma to the chest', 'Smoke inhalation', 'Ear infection', 'Dental check', 'Bite wound on the muzzle', 'Vaccination and health check']
const FINDINGS = ['Mild swelling, full weight bearing', 'Heart and lungs normal', 'Superficial wound, no foreign body', 'Elevated temperature, recovering with cooling', 'Bruising over the ribs, no fracture seen', 'Mild airway irritation', 'Inflamed ear canal', 'Tartar on the molars', 'Puncture wounds, clean']
const DIAGNOSES = ['Soft tissue injury', 'Fit for duty', 'Laceration', 'Heat stress', 'Chest contusion', 'Smoke inhalation, mild', 'Otitis externa', 'Dental calculus', 'Bite wound']
const TREATMENTS = ['Rest for seven days, anti-inflammatories', 'None needed', 'Cleaned and sutured', 'Cooling and IV fluids', 'Pain relief, restricted duty', 'Oxygen therapy', 'Ear drops for ten days', 'Scale and polish scheduled', 'Antibiotics and wound care']
const EVIDENCE_DESCRIPTIONS = ['Spent cartridge case', 'Bullet fragment', 'Blood swab', 'Glove found at the scene', 'Mobile phone', 'Knife with a black handle', 'Bag of white powder', 'Crowbar', 'Cigarette butt', 'Torn fabric on a fence', 'Shoe print cast', 'Wallet', 'Hair sample', 'USB stick', 'Handwritten note']
const CATEGORIES = ['BALLISTIC', 'BALLISTIC', 'BIOLOGICAL', 'TRACE', 'DIGITAL', 'WEAPON', 'DRUGS', 'WEAPON', 'BIOLOGICAL', 'TRACE', 'TRACE', 'DOCUMENT', 'BIOLOGICAL', 'DIGITAL', 'DOCUMENT']
const LABS = ['State Crime Laboratory, Firearms Unit', 'State Crime Laboratory, DNA Unit', 'Regional Forensic Science Centre', 'Digital Forensics Unit']
const INVESTIGATION_TITLES = ['Shots fired at K-9 team', 'Burglary series', 'Warehouse break-ins', 'Drug supply network', 'Assault on a police dog', 'Arson at storage depots', 'Missing person', 'Stolen vehicle ring', 'Armed robbery series', 'Poisoned bait left for dogs']

// ───────────────────────────── SQL helpers ─────────────────────────────

function helperSql(s: Sizes, w: ReturnType<typeof window>): string {
  const N = s.incidents
  const step = w.span / N
  return `
CREATE SCHEMA IF NOT EXISTS k9scale;
CREATE OR REPLACE FUNCTION k9scale.id(kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (lpad(to_hex(${ID_EPOCH_MS}::bigint + n), 12, '0') || '7' || lpad(to_hex(kind), 3, '0') || '8' || lpad(to_hex(n), 15, '0'))::uuid
$$;
-- A deterministic number in [0, 1) for (n, salt).
CREATE OR REPLACE FUNCTION k9scale.r(n bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (hashint8extended(n, salt) & 2147483647)::float8 / 2147483648.0
$$;
CREATE OR REPLACE FUNCTION k9scale.pick(items text[], n bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT items[1 + floor(k9scale.r(n, salt) * array_length(items, 1))::int]
$$;
CREATE OR REPLACE FUNCTION k9scale.incident_at(n bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_timestamp((${w.start}::float8 + (n - 1 + k9scale.r(n, 1) * 0.98) * ${step}) / 1000.0)
$$;
CREATE OR REPLACE FUNCTION k9scale.any_at(n bigint, salt int) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_timestamp(floor(${w.start}::float8 + k9scale.r(n, salt) * ${w.span}) / 1000.0)
$$;
-- The dog of an incident's first deployment; the second deployment (even n) has the next dog.
CREATE OR REPLACE FUNCTION k9scale.dog1(n bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 1 + (hashint8extended(n, 11) & 2147483647)::int % ${s.dogs}
$$;
CREATE OR REPLACE FUNCTION k9scale.dog_name(d bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (${sqlArray(DOG_NAMES)})[1 + (d % ${DOG_NAMES.length})::int]
$$;
CREATE OR REPLACE FUNCTION k9scale.first_name(u bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k9scale.pick(${sqlArray(FIRST)}, u, 31)
$$;
CREATE OR REPLACE FUNCTION k9scale.last_name(u bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k9scale.pick(${sqlArray(LAST)}, u, 32)
$$;
`
}

type Ctx = {
  s: Sizes
  w: ReturnType<typeof window>
  users: ReturnType<typeof userRanges>
  passwordHash: string
  seedUsers: Record<string, string>
  progress: Progress
}

const BATCH = 100_000

async function inBatches(total: number, stage: string, ctx: Ctx, run: (lo: number, hi: number) => Promise<void>) {
  ctx.progress.tick(stage, 0)
  for (let lo = 1; lo <= total; lo += BATCH) {
    const hi = Math.min(total, lo + BATCH - 1)
    await run(lo, hi)
    ctx.progress.tick(stage, hi)
  }
  ctx.progress.finish(stage)
}

/** The SQL-generated tables, in one session. */
async function loadTables(client: pg.PoolClient, ctx: Ctx) {
  const { s, users: u } = ctx
  ctx.progress.start('people and dogs')
  const userRows = (range: { first: number; count: number }, role: string, prefix: string, title: string) =>
    client.query(
      `INSERT INTO "User" (id, email, name, role, active, "passwordHash", "mustChangePassword", "passwordChangedAt", "failedLoginCount", version, "createdAt", "updatedAt")
       SELECT k9scale.id(${K.user}, u), '${prefix}' || (u - ${range.first - 1}) || '@state.k9.test',
              '${title}' || k9scale.first_name(u) || ' ' || k9scale.last_name(u), '${role}'::"Role", true, $1, false,
              now() - interval '100 days', 0, 1, now() - interval '3 years', now() - interval '100 days'
       FROM generate_series(${range.first}, ${range.first + range.count - 1}) u`,
      [ctx.passwordHash],
    )
  await userRows(u.officer, 'OFFICER', 'officer', 'Officer ')
  await userRows(u.vet, 'VETERINARIAN', 'vet', 'Dr. ')
  await userRows(u.tech, 'EVIDENCE_TECH', 'tech', 'Tech. ')
  await userRows(u.detective, 'DETECTIVE', 'detective', 'Det. ')
  await userRows(u.supervisor, 'SUPERVISOR', 'supervisor', 'Sgt. ')
  await client.query(`
    INSERT INTO "Handler" (id, "badgeNumber", "firstName", "lastName", rank, unit, phone, active, "userId", version, "createdAt", "updatedAt")
    SELECT k9scale.id(${K.handler}, h), 'S-' || lpad(h::text, 5, '0'), k9scale.first_name(h), k9scale.last_name(h),
           k9scale.pick(${sqlArray(RANKS)}, h, 33), 'K-9 Unit, District ' || (1 + h % 12), '+1 555 ' || lpad((h % 10000)::text, 4, '0'),
           h <= ${s.dogs} OR k9scale.r(h, 34) < 0.6, k9scale.id(${K.user}, h), 1, now() - interval '3 years', now() - interval '3 years'
    FROM generate_series(1, ${s.handlers}) h`)
  await client.query(`
    INSERT INTO "Dog" (id, "k9Number", name, breed, sex, "dateOfBirth", microchip, specialties, status, "fitForDuty", notes, version, "createdAt", "updatedAt")
    SELECT k9scale.id(${K.dog}, d), 'K9-' || (2000 + d), k9scale.dog_name(d), k9scale.pick(${sqlArray(BREEDS)}, d, 41),
           CASE WHEN d % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END::"DogSex",
           (now() - make_interval(days => 700 + floor(k9scale.r(d, 42) * 2500)::int))::date,
           '956000' || lpad(d::text, 9, '0'),
           (CASE floor(k9scale.r(d, 43) * 5)::int
              WHEN 0 THEN ARRAY['PATROL','APPREHENSION','TRACKING'] WHEN 1 THEN ARRAY['NARCOTICS'] WHEN 2 THEN ARRAY['EXPLOSIVES']
              WHEN 3 THEN ARRAY['SEARCH_AND_RESCUE','TRACKING'] ELSE ARRAY['PATROL','NARCOTICS'] END)::"DogSpecialty"[],
           st, st = 'ACTIVE', NULL, 1, now() - interval '5 years', now() - interval '30 days'
    FROM (SELECT d, (CASE WHEN k9scale.r(d, 44) < 0.90 THEN 'ACTIVE' WHEN k9scale.r(d, 44) < 0.95 THEN 'RETIRED' WHEN k9scale.r(d, 44) < 0.98 THEN 'RESTRICTED' ELSE 'UNFIT' END)::"DogStatus" st
          FROM generate_series(1, ${s.dogs}) d) x`)
  // Dog d works with handler d today; every other dog had an earlier handler among the rest.
  await client.query(`
    INSERT INTO "HandlerAssignment" (id, "dogId", "handlerId", "startedAt", "endedAt", "endReason", "openDogId", "createdAt", "updatedAt")
    SELECT k9scale.id(${K.assignment}, d), k9scale.id(${K.dog}, d), k9scale.id(${K.handler}, d), s, NULL, NULL, k9scale.id(${K.dog}, d), s, s
      FROM (SELECT d, now() - make_interval(days => 30 + floor(k9scale.r(d, 51) * 1500)::int) s FROM generate_series(1, ${s.dogs}) d) x
    UNION ALL
    SELECT k9scale.id(${K.assignment}, ${s.dogs} + d), k9scale.id(${K.dog}, d), k9scale.id(${K.handler}, ${s.dogs} + 1 + d % ${s.handlers - s.dogs}),
           s - interval '2 years', s, 'Handler transferred to another district', NULL, s - interval '2 years', s
      FROM (SELECT d, now() - make_interval(days => 30 + floor(k9scale.r(d, 51) * 1500)::int) s FROM generate_series(1, ${s.dogs}) d WHERE d % 2 = 0) y`)
  await client.query(`
    INSERT INTO "Certification" (id, "dogId", kind, issuer, "certificateNumber", "issuedAt", "expiresAt", version, "createdAt", "updatedAt")
    SELECT k9scale.id(${K.certification}, c), k9scale.id(${K.dog}, (c + 1) / 2),
           CASE WHEN c % 2 = 1 THEN 'Patrol Dog Certification' ELSE 'Detection Certification' END,
           CASE WHEN c % 2 = 1 THEN 'State K-9 Academy' ELSE 'National Detection Dog Association' END,
           'C-' || lpad(c::text, 6, '0'), e - 365, e, 1, now() - interval '1 year', now() - interval '1 year'
    FROM (SELECT c, (now() + make_interval(days => floor(k9scale.r(c, 61) * 400)::int - 35))::date e FROM generate_series(1, ${2 * s.dogs}) c) x`)
  await client.query(`
    INSERT INTO "StorageLocation" (id, code, room, shelf, bin, description, active, "createdAt", "updatedAt")
    SELECT k9scale.id(${K.location}, l), 'ST-' || lpad(l::text, 4, '0'), 'District ' || (1 + l % 12) || ' evidence room', (1 + l % 8)::text, (1 + l % 5)::text,
           'General storage', true, now() - interval '5 years', now() - interval '5 years'
    FROM generate_series(1, ${s.locations}) l`)
  ctx.progress.finish('people and dogs')

  // Incidents: numbered per year after the seed's numbers (the Counter rows).
  await client.query(`
    CREATE TEMP TABLE incident_year AS
    SELECT y, min(n) AS first_n, coalesce((SELECT value FROM "Counter" WHERE key = 'incident:' || y), 0) AS base
    FROM (SELECT n, extract(year FROM k9scale.incident_at(n) AT TIME ZONE 'UTC')::int y FROM generate_series(1, ${s.incidents}) n) x GROUP BY y`)
  await inBatches(s.incidents, 'incidents', ctx, async (lo, hi) => {
    await client.query(`
      INSERT INTO "Incident" (id, number, type, status, "occurredAt", "endedAt", "locationText", latitude, longitude, weather, narrative, "reportingOfficerId", version, "createdAt", "updatedAt")
      SELECT k9scale.id(${K.incident}, n), iy.y || '-' || lpad((iy.base + n - iy.first_n + 1)::text, 6, '0'),
             k9scale.pick(ARRAY['ARMED_SUSPECT','BURGLARY','BURGLARY','BURGLARY','MISSING_PERSON','MISSING_PERSON','PURSUIT','PURSUIT','DRUG_SEARCH','DRUG_SEARCH','DRUG_SEARCH','EXPLOSIVES_SWEEP','BUILDING_SEARCH','BUILDING_SEARCH','PUBLIC_ORDER','FIRE','TRAINING','TRAINING','KIDNAPPING','OTHER'], n, 2)::"IncidentType",
             (CASE WHEN at < now() - interval '90 days' OR k9scale.r(n, 3) < 0.5 THEN 'CLOSED' ELSE 'OPEN' END)::"IncidentStatus",
             at, at + make_interval(mins => 20 + floor(k9scale.r(n, 4) * 240)::int),
             (1 + floor(k9scale.r(n, 5) * 400)::int) || ' ' || k9scale.pick(${sqlArray(STREETS)}, n, 6) || ', ' || k9scale.pick(${sqlArray(TOWNS)}, n, 7),
             CASE WHEN k9scale.r(n, 8) < 0.6 THEN round((51.0 + k9scale.r(n, 9) * 2)::numeric, 6) END,
             CASE WHEN k9scale.r(n, 8) < 0.6 THEN round((-2.0 + k9scale.r(n, 10) * 2)::numeric, 6) END,
             k9scale.pick(ARRAY['Dry, mild','Rain','Heavy rain','Cold, clear','Hot','Fog','Wind','Snow'], n, 12),
             k9scale.pick(${sqlArray(OPENERS)}, n, 13) || ' ' || k9scale.pick(${sqlArray(EVENTS)}, n, 14) || '. K-9 ' || k9scale.dog_name(k9scale.dog1(n)) || ' '
               || k9scale.pick(${sqlArray(K9_ACTIONS)}, n, 15) || ' ' || k9scale.pick(${sqlArray(PLACES)}, n, 16) || '. ' || k9scale.pick(${sqlArray(CLOSERS)}, n, 17),
             k9scale.id(${K.user}, k9scale.dog1(n)), 1, at + interval '2 hours', at + interval '2 hours'
      FROM (SELECT n, k9scale.incident_at(n) at, extract(year FROM k9scale.incident_at(n) AT TIME ZONE 'UTC')::int y FROM generate_series(${lo}, ${hi}) n) x
      JOIN incident_year iy ON iy.y = x.y`)
  })
  await client.query(`
    INSERT INTO "Counter" (key, value) SELECT 'incident:' || y, base + count FROM (
      SELECT iy.y, iy.base, count(*)::int AS count FROM (SELECT extract(year FROM k9scale.incident_at(n) AT TIME ZONE 'UTC')::int y FROM generate_series(1, ${s.incidents}) n) x JOIN incident_year iy USING (y) GROUP BY iy.y, iy.base) c
    ON CONFLICT (key) DO UPDATE SET value = greatest("Counter".value, EXCLUDED.value)`)

  // Deployments (1 per incident, a second dog on even ones) and the handler as an officer of the incident.
  const deployments = (lo: number, hi: number) => `
    SELECT n, 1 AS k, k9scale.dog1(n) AS d, n::bigint AS m FROM generate_series(${lo}, ${hi}) n
    UNION ALL
    SELECT n, 2, k9scale.dog1(n) % ${s.dogs} + 1, ${s.incidents}::bigint + n / 2 FROM generate_series(${lo}, ${hi}) n WHERE n % 2 = 0`
  await inBatches(s.incidents, 'deployments', ctx, async (lo, hi) => {
    await client.query(`
      INSERT INTO "Deployment" (id, "incidentId", "incidentOccurredAt", "dogId", "handlerId", task, outcome, exposures, "exposureNotes", "injuryObserved", "injuryDescription", notes, "deployedAt", "loggedById", version, "createdAt", "updatedAt")
      SELECT k9scale.id(${K.deployment}, m), k9scale.id(${K.incident}, n), k9scale.incident_at(n), k9scale.id(${K.dog}, d), k9scale.id(${K.handler}, d),
             k9scale.pick(ARRAY['TRACK','TRACK','SEARCH','SEARCH','SEARCH','APPREHENSION','DETECTION','DETECTION','PROTECTION','CROWD_CONTROL'], m, 21)::"DeploymentTask",
             k9scale.pick(ARRAY['FOUND','FOUND','NO_FIND','NO_FIND','NO_FIND','APPREHENDED','APPREHENDED','BITE','RECALLED','NOT_DEPLOYED'], m, 22)::"DeploymentOutcome",
             (CASE WHEN e < 0.06 THEN ARRAY[k9scale.pick(ARRAY['STRUCK','SHOT_AT','GUNFIRE_NEARBY','BITTEN','FALL','HEAT','SMOKE','CHEMICAL'], m, 24)]
                   WHEN e < 0.08 THEN ARRAY['FALL', k9scale.pick(ARRAY['STRUCK','HEAT','SMOKE','BITTEN'], m, 25)]
                   ELSE ARRAY[]::text[] END)::"Exposure"[],
             NULL, e < 0.03, CASE WHEN e < 0.03 THEN k9scale.pick(ARRAY['Limping on the right foreleg','Small cut above the eye','Panting heavily, cooled down','Bleeding from a paw pad'], m, 26) END,
             NULL, k9scale.incident_at(n) + make_interval(mins => 5 + 10 * k), k9scale.id(${K.user}, k9scale.dog1(n)), 1,
             k9scale.incident_at(n) + interval '2 hours', k9scale.incident_at(n) + interval '2 hours'
      FROM (SELECT n, k, d, m, k9scale.r(m, 23) e FROM (${deployments(lo, hi)}) q) x`)
    await client.query(`
      INSERT INTO "IncidentOfficer" ("incidentId", "handlerId", role, "createdAt")
      SELECT k9scale.id(${K.incident}, n), k9scale.id(${K.handler}, d), 'Dog handler', k9scale.incident_at(n) + interval '2 hours'
      FROM (${deployments(lo, hi)}) q`)
  })

  /** The dog (1-based) of medical record `r`: a vital sign names its record's dog too. */
  const recordDog = (r: string) => `1 + (hashint8extended(${r}, 71) & 2147483647)::int % ${s.dogs}`
  await inBatches(s.medicalRecords, 'medical records', ctx, async (lo, hi) => {
    await client.query(`
      INSERT INTO "MedicalRecord" (id, "dogId", kind, "occurredAt", clinic, "veterinarianId", "presentingProblem", findings, diagnosis, treatment, outcome, "followUpDueAt", version, "createdAt", "updatedAt")
      SELECT k9scale.id(${K.medical}, r), k9scale.id(${K.dog}, ${recordDog('r')}),
             k9scale.pick(ARRAY['EXAM','EXAM','EXAM','EXAM','EMERGENCY','IMAGING','FOLLOW_UP','FOLLOW_UP','SURGERY','DISCHARGE'], r, 72)::"MedicalRecordKind",
             at, k9scale.pick(${sqlArray(CLINICS)}, r, 73), k9scale.id(${K.user}, ${u.vet.first} + r % ${u.vet.count}),
             k9scale.pick(${sqlArray(PROBLEMS)}, r, 74), k9scale.pick(${sqlArray(FINDINGS)}, r, 75), k9scale.pick(${sqlArray(DIAGNOSES)}, r, 76),
             k9scale.pick(${sqlArray(TREATMENTS)}, r, 77), k9scale.pick(ARRAY['Fit for duty','Restricted duty for a week','Back on duty','Review in two weeks'], r, 78),
             CASE WHEN k9scale.r(r, 79) < 0.2 THEN at + interval '14 days' END, 1, at, at
      FROM (SELECT r, k9scale.any_at(r, 70) at FROM generate_series(${lo}, ${hi}) r) x`)
  })
  await inBatches(s.vitalSigns, 'vital signs', ctx, async (lo, hi) => {
    await client.query(`
      INSERT INTO "VitalSign" (id, "recordId", "dogId", "takenAt", "heartRate", "respiratoryRate", "temperatureC", spo2, "systolicBp", "diastolicBp", "capillaryRefillSec", "painScore", notes, "recordedById", "createdAt")
      SELECT k9scale.id(${K.vital}, m), k9scale.id(${K.medical}, r), k9scale.id(${K.dog}, ${recordDog('r')}), t,
             60 + floor(k9scale.r(m, 81) * 80)::int, 12 + floor(k9scale.r(m, 82) * 25)::int, round((37.6 + k9scale.r(m, 83) * 1.8)::numeric, 1),
             93 + floor(k9scale.r(m, 84) * 7)::int, 100 + floor(k9scale.r(m, 85) * 50)::int, 55 + floor(k9scale.r(m, 86) * 35)::int,
             round((1.0 + k9scale.r(m, 87) * 1.5)::numeric, 1), floor(k9scale.r(m, 88) * 5)::int, NULL,
             k9scale.id(${K.user}, ${u.vet.first} + r % ${u.vet.count}), t
      FROM (SELECT m, r, k9scale.any_at(r, 70) + make_interval(mins => 20 * k) t
            FROM (SELECT m, 1 + (m - 1) % ${s.medicalRecords} AS r, (m - 1) / ${s.medicalRecords} AS k FROM generate_series(${lo}, ${hi}) m) y) x`)
  })

  // Investigations: numbered per year after the seed's; 1 is the 200-link case the benchmark opens.
  await client.query(`
    INSERT INTO "Investigation" (id, number, title, status, disposition, summary, "leadId", "openedAt", "closedAt", version, "createdAt", "updatedAt")
    SELECT k9scale.id(${K.investigation}, i),
           'INV-' || y || '-' || lpad((coalesce((SELECT value FROM "Counter" WHERE key = 'investigation:' || y), 0) + row_number() OVER (PARTITION BY y ORDER BY at, i))::text, 4, '0'),
           CASE WHEN i = 1 THEN 'Statewide series: shots fired at K-9 teams' ELSE k9scale.pick(${sqlArray(INVESTIGATION_TITLES)}, i, 91) || ', ' || k9scale.pick(${sqlArray(TOWNS)}, i, 92) END,
           st, CASE WHEN st = 'CLOSED' THEN 'Charged' END,
           'Linked incidents, deployments and evidence for review. ' || k9scale.pick(${sqlArray(EVENTS)}, i, 93) || ' in ' || k9scale.pick(${sqlArray(TOWNS)}, i, 94) || '.',
           k9scale.id(${K.user}, ${u.detective.first} + i % ${u.detective.count}), at, CASE WHEN st = 'CLOSED' THEN at + interval '120 days' END, 1, at, at
    FROM (SELECT i, at, extract(year FROM at AT TIME ZONE 'UTC')::int y,
                 (CASE WHEN i = 1 THEN 'ACTIVE' WHEN at < now() - interval '1 year' THEN 'CLOSED' ELSE k9scale.pick(ARRAY['OPEN','ACTIVE','ACTIVE','SUSPENDED'], i, 95) END)::"InvestigationStatus" st
          FROM (SELECT i, CASE WHEN i = 1 THEN date_trunc('second', now() - interval '20 days') ELSE k9scale.any_at(i, 90) END at FROM generate_series(1, ${s.investigations}) i) a) x`)
  await client.query(`
    INSERT INTO "Counter" (key, value)
    SELECT 'investigation:' || split_part(number, '-', 2), max(split_part(number, '-', 3)::int) FROM "Investigation" WHERE number LIKE 'INV-%' GROUP BY 1
    ON CONFLICT (key) DO UPDATE SET value = greatest("Counter".value, EXCLUDED.value)`)
  await client.query(
    `INSERT INTO "InvestigationMember" ("investigationId", "userId", "addedAt")
     SELECT k9scale.id(${K.investigation}, i), k9scale.id(${K.user}, ${u.detective.first} + i % ${u.detective.count}), "openedAt" FROM generate_series(1, ${s.investigations}) i JOIN "Investigation" v ON v.id = k9scale.id(${K.investigation}, i)
     UNION ALL
     SELECT k9scale.id(${K.investigation}, i), k9scale.id(${K.user}, ${u.detective.first} + (i + 1) % ${u.detective.count}), "openedAt" FROM generate_series(1, ${s.investigations}) i JOIN "Investigation" v ON v.id = k9scale.id(${K.investigation}, i)
     UNION ALL
     SELECT k9scale.id(${K.investigation}, 1), $1::uuid, now() - interval '20 days'`,
    [ctx.seedUsers.morgan],
  )
  await inBatches(s.links, 'investigation links', ctx, async (lo, hi) => {
    await client.query(`
      INSERT INTO "InvestigationLink" (id, "investigationId", "targetType", relation, note, "incidentId", "deploymentId", "dogId", "evidenceItemId", "medicalRecordId", "createdById", "createdAt", "updatedAt")
      SELECT k9scale.id(${K.link}, m), v.id, tt::"LinkTargetType",
             (CASE tt WHEN 'EVIDENCE_ITEM' THEN 'RECOVERED_FROM' WHEN 'MEDICAL_RECORD' THEN 'INJURED_DURING' WHEN 'DOG' THEN 'SUBJECT' ELSE k9scale.pick(ARRAY['RELATED','RELATED','LEAD'], m, 102) END)::"LinkRelation",
             CASE WHEN k9scale.r(m, 103) < 0.3 THEN 'Same modus operandi' END,
             CASE WHEN tt = 'INCIDENT' THEN k9scale.id(${K.incident}, 1 + (hashint8extended(m, 104) & 2147483647) % ${s.incidents}) END,
             CASE WHEN tt = 'DEPLOYMENT' THEN k9scale.id(${K.deployment}, 1 + (hashint8extended(m, 105) & 2147483647) % ${s.incidents}) END,
             CASE WHEN tt = 'DOG' THEN k9scale.id(${K.dog}, 1 + (hashint8extended(m, 106) & 2147483647) % ${s.dogs}) END,
             CASE WHEN tt = 'EVIDENCE_ITEM' THEN k9scale.id(${K.evidence}, CASE WHEN inv = 1 AND m <= 10 THEN 1 + m ELSE 1 + (hashint8extended(m, 107) & 2147483647) % ${s.evidenceItems} END) END,
             CASE WHEN tt = 'MEDICAL_RECORD' THEN k9scale.id(${K.medical}, 1 + (hashint8extended(m, 108) & 2147483647) % ${s.medicalRecords}) END,
             v."leadId", v."openedAt" + make_interval(mins => m::int % 100000), v."openedAt" + make_interval(mins => m::int % 100000)
      FROM (SELECT m, inv, CASE WHEN inv = 1 AND m <= 10 THEN 'EVIDENCE_ITEM' ELSE k9scale.pick(ARRAY['INCIDENT','INCIDENT','INCIDENT','INCIDENT','DEPLOYMENT','DEPLOYMENT','DOG','EVIDENCE_ITEM','EVIDENCE_ITEM','MEDICAL_RECORD'], m, 101) END tt
            FROM (SELECT m, CASE WHEN m <= 200 THEN 1 ELSE 2 + (m % ${Math.max(1, s.investigations - 1)}) END inv FROM generate_series(${lo}, ${hi}) m) a) x
      JOIN "Investigation" v ON v.id = k9scale.id(${K.investigation}, inv)`)
  })
}

// ───────────────────────────── custody (Node, hash-chained) ─────────────────────────────

type ItemState = { headSequence: number; headHash: string; locationId: number; custodian: number }

function* custodyEvents(e: number, ctx: Ctx, state: ItemState[]): Generator<string> {
  const { s, users: u } = ctx
  const rand = mulberry32(e * 7919 + 17)
  const incident = 1 + Math.floor(((e - 1) * s.incidents) / s.evidenceItems)
  const collected = ctx.w.start + ((incident - 1) / s.incidents) * ctx.w.span + 2 * 3_600_000
  const collector = u.officer.first + Math.floor(rand() * u.officer.count)
  const tech = u.tech.first + (e % u.tech.count)
  const loc = 1 + (e % s.locations)
  const length = e === 1 ? s.longChain : e <= 1 + s.fiftyChains ? 50 : 4 + 2 * Math.floor(rand() * 3)
  const itemId = sid(K.evidence, e)
  let t = collected
  let prev = '0'.repeat(64)
  let seq = 0
  // Event times stay inside the generated window: short steps for the long chains.
  const cap = e === 1 ? 30 : e <= 1 + s.fiftyChains ? 600 : 20_000
  const maxStep = Math.max(1, Math.floor(Math.min(cap, (ctx.w.end - collected) / 60_000 / length)))
  const baseId = (e - 1) * 16 // custody ids: n spaced per item, long chains get their own range
  const put = (c: Omit<CustodyContent, 'evidenceItemId' | 'sequence' | 'occurredAt'>): string => {
    seq++
    t += 60_000 * (1 + Math.floor(rand() * Math.min(maxStep, seq < 5 ? 60 : maxStep)))
    const content: CustodyContent = { evidenceItemId: itemId, sequence: seq, occurredAt: new Date(t).toISOString(), ...c }
    const hash = custodyHash(prev, content)
    const id = sid(K.custody, e === 1 ? 100_000_000 + seq : e <= 1 + s.fiftyChains ? 200_000_000 + e * 100 + seq : baseId + seq)
    const line = row([id, itemId, seq, c.action, content.occurredAt as string, c.actorId, c.fromUserId, c.toUserId, c.locationId, c.place, c.labName, c.purpose, c.sealIntact, c.notes, prev, hash, content.occurredAt as string])
    prev = hash
    return line
  }
  const none = { fromUserId: null, toUserId: null, locationId: null, place: null, labName: null, purpose: null, sealIntact: null, notes: null }
  const U = (n: number) => sid(K.user, n)
  const L = sid(K.location, loc)
  yield put({ ...none, action: 'COLLECTED', actorId: U(collector), toUserId: U(collector), place: 'At the scene', sealIntact: true })
  yield put({ ...none, action: 'TRANSFERRED', actorId: U(collector), fromUserId: U(collector), toUserId: U(tech), place: 'Evidence room counter', purpose: 'Booking in', sealIntact: true })
  yield put({ ...none, action: 'RECEIVED', actorId: U(tech), fromUserId: U(collector), toUserId: U(tech), place: 'Evidence room counter', sealIntact: true })
  yield put({ ...none, action: 'STORED', actorId: U(tech), locationId: L, sealIntact: true })
  while (seq < length) {
    if (rand() < 0.25) {
      const lab = pickOf(rand, LABS)
      yield put({ ...none, action: 'SUBMITTED_TO_LAB', actorId: U(tech), fromUserId: U(tech), labName: lab, purpose: 'Examination requested by the investigating officer', sealIntact: true })
      yield put({ ...none, action: 'RETURNED_FROM_LAB', actorId: U(tech), toUserId: U(tech), labName: lab, sealIntact: true, notes: 'Returned with the lab report' })
      if (seq < length) yield put({ ...none, action: 'STORED', actorId: U(tech), locationId: L, sealIntact: true })
    } else {
      const det = u.detective.first + Math.floor(rand() * u.detective.count)
      yield put({ ...none, action: 'CHECKED_OUT', actorId: U(tech), fromUserId: U(tech), toUserId: U(det), locationId: L, purpose: 'Examination', sealIntact: true })
      yield put({ ...none, action: 'CHECKED_IN', actorId: U(tech), fromUserId: U(det), toUserId: U(tech), locationId: L, sealIntact: true })
    }
  }
  state[e] = { headSequence: seq, headHash: prev, locationId: loc, custodian: tech }
}

const CUSTODY_COLUMNS = ['id', 'evidenceItemId', 'sequence', 'action', 'occurredAt', 'actorId', 'fromUserId', 'toUserId', 'locationId', 'place', 'labName', 'purpose', 'sealIntact', 'notes', 'prevHash', 'hash', 'createdAt']
const ITEM_COLUMNS = ['id', 'number', 'description', 'category', 'collectedAt', 'collectedById', 'collectedAtPlace', 'originIncidentId', 'sealNumber', 'storageLocationId', 'status', 'currentCustodianId', 'headSequence', 'headHash', 'version', 'createdAt', 'updatedAt']

async function loadEvidence(client: pg.PoolClient, ctx: Ctx) {
  const { s, users: u } = ctx
  await client.query('SET session_replication_role = replica')
  const state: ItemState[] = new Array(s.evidenceItems + 1)
  ctx.progress.tick('custody events', 0)
  let done = 0
  await copyLines(
    client,
    'CustodyEvent',
    CUSTODY_COLUMNS,
    (function* () {
      for (let e = 1; e <= s.evidenceItems; e++) {
        yield* custodyEvents(e, ctx, state)
        if (++done % 5_000 === 0) ctx.progress.tick('custody events', done)
      }
    })(),
  )
  ctx.progress.finish('custody events')
  ctx.progress.start('evidence items')
  const counters = new Map<number, number>()
  const { rows } = await client.query<{ key: string; value: number }>(`SELECT key, value FROM "Counter" WHERE key LIKE 'evidence:%'`)
  for (const r of rows) counters.set(Number(r.key.split(':')[1]), r.value)
  await copyLines(
    client,
    'EvidenceItem',
    ITEM_COLUMNS,
    (function* () {
      for (let e = 1; e <= s.evidenceItems; e++) {
        const rand = mulberry32(e * 7919 + 17)
        const collector = u.officer.first + Math.floor(rand() * u.officer.count)
        const incident = 1 + Math.floor(((e - 1) * s.incidents) / s.evidenceItems)
        const collected = new Date(ctx.w.start + ((incident - 1) / s.incidents) * ctx.w.span + 2 * 3_600_000)
        const year = collected.getUTCFullYear()
        const n = (counters.get(year) ?? 0) + 1
        counters.set(year, n)
        const st = state[e]!
        const kind = e % EVIDENCE_DESCRIPTIONS.length
        yield row([
          sid(K.evidence, e), `EV-${year}-${String(n).padStart(6, '0')}`, EVIDENCE_DESCRIPTIONS[kind], CATEGORIES[kind], collected.toISOString(), sid(K.user, collector),
          'At the scene', sid(K.incident, incident), `SEAL-${String(e).padStart(7, '0')}`, sid(K.location, st.locationId), 'IN_CUSTODY', sid(K.user, st.custodian),
          st.headSequence, st.headHash, 1, collected.toISOString(), collected.toISOString(),
        ])
        if (e % 20_000 === 0) ctx.progress.tick('evidence items', e)
      }
    })(),
  )
  for (const [year, value] of counters) {
    await client.query(`INSERT INTO "Counter" (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = greatest("Counter".value, EXCLUDED.value)`, [`evidence:${year}`, value])
  }
  ctx.progress.finish('evidence items')
}

// ───────────────────────────── audit (Node, hash-chained) ─────────────────────────────

const AUDIT_COLUMNS = ['seq', 'at', 'actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'outcome', 'ip', 'userAgent', 'details', 'prevHash', 'hash']

async function loadAudit(client: pg.PoolClient, ctx: Ctx) {
  const { s, users: u } = ctx
  await client.query('SET session_replication_role = replica')
  const { rows } = await client.query<{ seq: string; hash: string }>(`SELECT seq::text, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`)
  let seq = BigInt(rows[0]?.seq ?? '0')
  let prev = rows[0]?.hash ?? '0'.repeat(64)
  const rand = mulberry32(4242)
  const email = (n: number) => {
    for (const [role, r] of Object.entries({ officer: u.officer, vet: u.vet, tech: u.tech, detective: u.detective, supervisor: u.supervisor })) {
      if (n >= r.first && n < r.first + r.count) return `${role}${n - r.first + 1}@state.k9.test`
    }
    return null
  }
  const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/140.0']
  const step = ctx.w.span / s.auditEvents
  ctx.progress.tick('audit events', 0)
  await copyLines(
    client,
    'AuditEvent',
    AUDIT_COLUMNS,
    (function* () {
      for (let i = 0; i < s.auditEvents; i++) {
        const x = rand()
        const at = new Date(Math.floor(ctx.w.start + i * step))
        let actor: number
        let action: string
        let entityType: string | null
        let entityId: string | null
        let details: Record<string, unknown> | null = null
        let outcome: 'SUCCESS' | 'FAILURE' | 'DENIED' = 'SUCCESS'
        const incident = 1 + Math.min(s.incidents - 1, Math.floor((i / s.auditEvents) * s.incidents))
        if (x < 0.2) {
          actor = u.officer.first + Math.floor(rand() * u.officer.count)
          action = 'auth.signed_in'
          entityType = 'User'
          entityId = sid(K.user, actor)
        } else if (x < 0.22) {
          actor = u.officer.first + Math.floor(rand() * u.officer.count)
          action = 'auth.sign_in_failed'
          entityType = 'User'
          entityId = sid(K.user, actor)
          outcome = 'FAILURE'
          details = { reason: 'invalid' }
        } else if (x < 0.42) {
          actor = u.officer.first + Math.floor(rand() * u.officer.count)
          action = 'incidents.logged'
          entityType = 'Incident'
          entityId = sid(K.incident, incident)
          details = { deployments: 1 + (incident % 2 === 0 ? 1 : 0) }
        } else if (x < 0.52) {
          actor = u.officer.first + Math.floor(rand() * u.officer.count)
          action = 'incidents.edited'
          entityType = 'Incident'
          entityId = sid(K.incident, incident)
          details = { version: 2 }
        } else if (x < 0.72) {
          actor = u.tech.first + Math.floor(rand() * u.tech.count)
          const item = 1 + Math.min(s.evidenceItems - 1, Math.floor((i / s.auditEvents) * s.evidenceItems))
          action = rand() < 0.6 ? 'evidence.viewed' : 'evidence.transferred'
          entityType = 'EvidenceItem'
          entityId = sid(K.evidence, item)
        } else if (x < 0.87) {
          actor = u.vet.first + Math.floor(rand() * u.vet.count)
          action = 'medical.viewed'
          entityType = 'MedicalRecord'
          entityId = sid(K.medical, 1 + Math.floor(rand() * s.medicalRecords))
        } else {
          actor = u.detective.first + Math.floor(rand() * u.detective.count)
          action = rand() < 0.5 ? 'investigations.linked' : 'investigations.note_added'
          entityType = 'Investigation'
          entityId = sid(K.investigation, 1 + Math.floor(rand() * s.investigations))
        }
        const content = auditContent({
          at,
          actorId: sid(K.user, actor),
          actorLabel: email(actor),
          action,
          entityType,
          entityId,
          outcome,
          ip: `10.${actor % 250}.${(actor >> 8) % 250}.${1 + (i % 250)}`,
          userAgent: AGENTS[actor % AGENTS.length]!,
          details,
        })
        const hash = chainHash(prev, content)
        seq++
        yield row([seq.toString(), at.toISOString(), content.actorId, content.actorLabel, action, entityType, entityId, outcome, content.ip, content.userAgent, details ? JSON.stringify(details) : null, prev, hash])
        prev = hash
        if (i % 20_000 === 0) ctx.progress.tick('audit events', i)
      }
    })(),
  )
  await client.query(`SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'seq'), (SELECT max(seq) FROM "AuditEvent"))`)
}

/**
 * Runs a hashing loader in a child process: hashing 5,000,000 audit events or
 * 3,000,000 custody events wants a core of its own, and a generator that
 * hashes keeps its event loop busy, so the SQL stages in this process would
 * not even send their next statement until it ended. Progress comes back on
 * stdout as lines "tick <stage>\t<n>", "start <stage>", "finish <stage>".
 */
function partInChild(part: 'audit' | 'custody', url: string, incidents: number, w: ReturnType<typeof window>, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--part', part, '--url', url, '--incidents', String(incidents), '--window-end', String(w.end)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    })
    let buf = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      let nl
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        const m = /^(tick|start|finish) ([^\t]+)(?:\t(\d+))?$/.exec(line)
        if (!m) continue
        if (m[1] === 'tick') progress.tick(m[2]!, Number(m[3]))
        else if (m[1] === 'start') progress.start(m[2]!)
        else progress.finish(m[2]!)
      }
    })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the ${part} loader exited with code ${code}`))))
  })
}

/** The child's side of partInChild: one connection, the loader, progress on stdout. */
async function childPart(part: 'audit' | 'custody', url: string, incidents: number, windowEnd: number): Promise<number> {
  const s = sizesFor(incidents)
  const w = { start: windowEnd - Math.round(10 * YEAR), end: windowEnd, span: Math.round(10 * YEAR) }
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const client = await pool.connect()
  await client.query(`SET TimeZone = 'UTC'; SET synchronous_commit = off`)
  const progress = {
    tick: (stage: string, n: number) => void process.stdout.write(`tick ${stage}\t${n}\n`),
    start: (stage: string) => void process.stdout.write(`start ${stage}\n`),
    finish: (stage: string) => void process.stdout.write(`finish ${stage}\n`),
  }
  const ctx = { s, w, users: userRanges(s), progress } as unknown as Ctx
  try {
    if (part === 'audit') {
      progress.start('audit events')
      await loadAudit(client, ctx)
      progress.finish('audit events')
    } else await loadEvidence(client, ctx)
  } finally {
    client.release()
    await pool.end()
  }
  return 0
}

// ───────────────────────────── indexes ─────────────────────────────

const BIG_TABLES = ['Incident', 'Deployment', 'IncidentOfficer', 'MedicalRecord', 'VitalSign', 'EvidenceItem', 'CustodyEvent', 'InvestigationLink', 'AuditEvent']

/** Drops the secondary indexes (not those behind a primary key) of the big tables; returns their definitions. */
async function dropIndexes(client: pg.PoolClient): Promise<Array<{ name: string; table: string; def: string }>> {
  const { rows } = await client.query<{ name: string; table: string; def: string }>(
    `SELECT i.indexname AS name, i.tablename AS table, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
    [BIG_TABLES],
  )
  for (const r of rows) await client.query(`DROP INDEX "${r.name}"`)
  return rows
}

const indexTimes: Array<{ name: string; seconds: number }> = []
/** Words the lexicon rebuild added (search lexicon stage). */
let lexiconWords = 0

async function rebuildIndexes(pool: pg.Pool, defs: Array<{ name: string; table: string; def: string }>, ctx: Ctx) {
  // Largest first (audit, custody), two sessions at a time: the machine has two cores.
  const order = ['AuditEvent', 'CustodyEvent', 'Incident', 'Deployment', 'VitalSign', 'IncidentOfficer', 'EvidenceItem', 'MedicalRecord', 'InvestigationLink']
  const queue = [...defs].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table))
  let done = 0
  const worker = async () => {
    const client = await pool.connect()
    try {
      await client.query(`SET maintenance_work_mem = '512MB'`)
      await client.query('SET max_parallel_maintenance_workers = 0')
      for (let next = queue.shift(); next; next = queue.shift()) {
        const t = performance.now()
        await client.query(next.def)
        indexTimes.push({ name: next.name, seconds: Number(((performance.now() - t) / 1000).toFixed(1)) })
        ctx.progress.tick('indexes', ++done)
      }
    } finally {
      client.release()
    }
  }
  ctx.progress.tick('indexes', 0)
  await Promise.all([worker(), worker()])
  ctx.progress.finish('indexes')
}

// ───────────────────────────── verification ─────────────────────────────

/**
 * Checks the chains with the product's own verifiers: custody (verifyItemEvents,
 * as the item page does) on the long chain, the 50-event chains and a sample;
 * the audit chain across the seam with the seed's events and at its end (the
 * whole chain when it is small).
 */
async function verify(pool: pg.Pool, s: Sizes): Promise<{ custodyItems: number; custodyEvents: number; auditEvents: number; longChainMs: number; broken: string[] }> {
  const broken: string[] = []
  const sample = [1, ...Array.from({ length: s.fiftyChains }, (_, i) => 2 + i), ...Array.from({ length: 200 }, (_, i) => 1 + Math.floor(((i + 0.5) * s.evidenceItems) / 200))]
  let custodyEvents = 0
  let longChainMs = 0
  for (const e of new Set(sample)) {
    const id = sid(K.evidence, e)
    const { rows: items } = await pool.query<{ headSequence: number; headHash: string | null }>(`SELECT "headSequence", "headHash" FROM "EvidenceItem" WHERE id = $1`, [id])
    const { rows: events } = await pool.query<ChainEvent>(
      `SELECT id, "evidenceItemId", sequence, action, "occurredAt", "actorId", "fromUserId", "toUserId", "locationId", place, "labName", purpose, "sealIntact", notes, "prevHash", hash
         FROM "CustodyEvent" WHERE "evidenceItemId" = $1 ORDER BY sequence`,
      [id],
    )
    const t = performance.now()
    const result = verifyItemEvents(events, items[0]!)
    if (e === 1) longChainMs = performance.now() - t
    custodyEvents += events.length
    if (!result.ok) broken.push(`custody chain of item ${id}: ${result.reason} at ${result.brokenAtSequence}`)
  }
  type AuditRow = { seq: string; at: Date; actorId: string | null; actorLabel: string | null; action: string; entityType: string | null; entityId: string | null; outcome: 'SUCCESS' | 'FAILURE' | 'DENIED'; ip: string | null; userAgent: string | null; details: unknown; prevHash: string; hash: string }
  const audit = async (from: bigint, to: bigint) => {
    const { rows } = await pool.query<AuditRow>(`SELECT seq::text, at, "actorId", "actorLabel", action, "entityType", "entityId", outcome, ip, "userAgent", details, "prevHash", hash FROM "AuditEvent" WHERE seq BETWEEN $1 AND $2 ORDER BY "AuditEvent".seq`, [from.toString(), to.toString()])
    if (!rows.length) return 0
    // lib/hash-chain.ts verifyChain starts at the genesis hash; a window starts at its first row's prevHash.
    let prev = rows[0]!.prevHash
    if (from === 1n && prev !== '0'.repeat(64)) broken.push('audit chain: the first event does not start at the genesis hash')
    for (const r of rows) {
      if (r.prevHash !== prev) {
        broken.push(`audit chain: prev-hash-mismatch at seq ${r.seq}`)
        break
      }
      if (chainHash(prev, auditContent(r)) !== r.hash) {
        broken.push(`audit chain: hash-mismatch at seq ${r.seq}`)
        break
      }
      prev = r.hash
    }
    return rows.length
  }
  const { rows: bounds } = await pool.query<{ max: string; seedmax: string }>(`SELECT max(seq)::text AS max, (SELECT max(seq) FROM "AuditEvent" WHERE "actorLabel" NOT LIKE '%@state.k9.test' OR "actorLabel" IS NULL)::text AS seedmax FROM "AuditEvent"`)
  const max = BigInt(bounds[0]!.max)
  let auditEvents = 0
  if (max <= 200_000n) auditEvents += await audit(1n, max)
  else {
    auditEvents += await audit(1n, BigInt(bounds[0]!.seedmax) + 10_000n)
    auditEvents += await audit(max - 10_000n, max)
  }
  return { custodyItems: new Set(sample).size, custodyEvents, auditEvents, longChainMs, broken }
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      incidents: { type: 'string', default: '1000000' },
      port: { type: 'string', default: String(SCALE_PG_PORT) },
      'data-dir': { type: 'string', default: SCALE_DATA_DIR },
      yes: { type: 'boolean', default: false },
      /** Where to write what was generated (default <data-dir>.json; with DATABASE_URL only when given). */
      state: { type: 'string' },
      // Internal: the audit chain runs in a child process (a second core for hashing).
      part: { type: 'string' },
      url: { type: 'string' },
      'window-end': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log('Usage: npm run db:scale -- [--incidents 1000000] [--port 55439] [--data-dir .data/scale]\n       DATABASE_URL=… npm run db:scale -- --incidents 2000 --yes   (deletes everything in that database)')
    return 0
  }
  const incidents = Number(values.incidents)
  if (!Number.isInteger(incidents) || incidents < 1_000 || incidents > 20_000_000) {
    console.error('--incidents must be a whole number between 1000 and 20000000.')
    return 2
  }
  if (values.part === 'audit' || values.part === 'custody') return childPart(values.part, values.url!, incidents, Number(values['window-end']))
  const external = process.env.DATABASE_URL
  if (external && !values.yes) {
    console.error('DATABASE_URL is set: this deletes everything in that database. Run again with --yes to go on.')
    return 2
  }
  const started = performance.now()
  let url = external ?? ''
  let stop: () => Promise<void> = async () => undefined
  if (!external) {
    const server = await startEmbeddedPostgres({ dataDir: path.resolve(values['data-dir']!), port: Number(values.port), persistent: true, settings: SCALE_PG_SETTINGS, log: (m) => console.error(`[db] ${m}`) })
    url = server.url
    stop = server.stop
  }
  const s = sizesFor(incidents)
  const w = window(new Date())
  const progress = new Progress()
  progress.add('reset, migrate, seed', 1, 1)
  progress.add('people and dogs', 1, 1)
  progress.add('incidents', 12, s.incidents)
  progress.add('deployments', 14, s.incidents)
  progress.add('medical records', 3, s.medicalRecords)
  progress.add('vital signs', 10, s.vitalSigns)
  progress.add('investigation links', 2, s.links)
  progress.add('custody events', 15, s.evidenceItems)
  progress.add('evidence items', 3, s.evidenceItems)
  progress.add('audit events', 25, s.auditEvents)
  progress.add('search lexicon', 1, 1)
  progress.add('indexes', 25, 1)
  progress.add('analyze', 6, 1)
  // Session settings as connection options (a query on 'connect' would race the pool's first query).
  const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c TimeZone=UTC -c synchronous_commit=off -c maintenance_work_mem=512MB -c jit=off' })
  pool.on('error', (error) => console.error(`[db] idle connection: ${error.message}`))
  try {
    console.error(`Generating ${incidents.toLocaleString('en-US')} incidents and the rest to scale (load average now ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}).`)
    progress.tick('reset, migrate, seed', 0)
    await resetDatabase(url)
    await closeAllSchemaEngines()
    const blobDir = external ? fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'k9-scale-blobs-')) : SCALE_BLOB_DIR
    const { seed } = await import('../prisma/seed')
    await seed(url, { blobDir, log: () => undefined })
    progress.finish('reset, migrate, seed')

    const { rows: seedRows } = await pool.query<{ email: string; id: string; passwordHash: string }>(`SELECT email, id, "passwordHash" FROM "User" WHERE email LIKE '%@k9.test'`)
    const seedUsers = Object.fromEntries(seedRows.map((r) => [r.email.split('@')[0]!, r.id]))
    const ctx: Ctx = { s, w, users: userRanges(s), passwordHash: seedRows.find((r) => r.email === 'carter@k9.test')!.passwordHash, seedUsers, progress }
    await pool.query(helperSql(s, w))

    const admin = await pool.connect()
    let defs: Awaited<ReturnType<typeof dropIndexes>>
    try {
      defs = await dropIndexes(admin)
    } finally {
      admin.release()
    }
    progress.add('indexes', 25, defs.length)

    const withClient = async (fn: (c: pg.PoolClient) => Promise<void>) => {
      const c = await pool.connect()
      try {
        await c.query('SET session_replication_role = replica')
        await fn(c)
      } finally {
        c.release()
      }
    }
    // Three lanes: the SQL-generated tables here, the two hash chains in child processes.
    await Promise.all([withClient((c) => loadTables(c, ctx)), partInChild('custody', url, incidents, w, progress), partInChild('audit', url, incidents, w, progress)])
    // The loading sessions ran with triggers off, so the search lexicon
    // (decision 019) holds only the seed's words: fill it from every row.
    progress.tick('search lexicon', 0)
    const { rows: lexicon } = await pool.query<{ added: string }>(`SELECT search_words_rebuild()::text AS added`)
    lexiconWords = Number(lexicon[0]?.added ?? 0)
    progress.finish('search lexicon')
    await rebuildIndexes(pool, defs, ctx)
    progress.tick('analyze', 0)
    await pool.query('DROP SCHEMA k9scale CASCADE')
    // VACUUM sets the visibility map (index-only scans) and ANALYZE the statistics the planner needs.
    const tables = ['Incident', 'Deployment', 'IncidentOfficer', 'MedicalRecord', 'VitalSign', 'EvidenceItem', 'CustodyEvent', 'InvestigationLink', 'AuditEvent', 'Investigation', 'InvestigationMember', 'Dog', 'Handler', 'User', 'HandlerAssignment', 'Certification', 'StorageLocation', 'Counter']
    await Promise.all(
      [tables.filter((_, i) => i % 2 === 0), tables.filter((_, i) => i % 2 === 1)].map(async (list) => {
        for (const t of list) await pool.query(`VACUUM (ANALYZE) "${t}"`)
      }),
    )
    progress.finish('analyze')
    progress.end()
    const verified = await verify(pool, s)
    console.error(
      verified.broken.length
        ? `Chains BROKEN:\n  ${verified.broken.join('\n  ')}`
        : `Chains verify with the product's verifiers: ${verified.custodyItems} custody chains (${verified.custodyEvents.toLocaleString('en-US')} events; the ${s.longChain.toLocaleString('en-US')}-event chain in ${verified.longChainMs.toFixed(1)} ms) and ${verified.auditEvents.toLocaleString('en-US')} audit events.`,
    )

    const { rows: counts } = await pool.query<{ t: string; n: string }>(
      tables.slice(0, 11).map((t) => `SELECT '${t}' AS t, count(*)::text AS n FROM "${t}"`).join(' UNION ALL '),
    )
    const { rows: size } = await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)
    const seconds = (performance.now() - started) / 1000
    const dataset = Object.fromEntries(counts.map((r) => [r.t, Number(r.n)]))
    const state = {
      generatedAt: new Date().toISOString(),
      requestedIncidents: incidents,
      seconds: Number(seconds.toFixed(1)),
      databaseSize: size[0]?.size,
      embedded: !external,
      port: external ? null : Number(values.port),
      dataDir: external ? null : path.resolve(values['data-dir']!),
      blobDir,
      dataset,
      stages: progress.timings(),
      verified,
      indexes: indexTimes.sort((a, b) => b.seconds - a.seconds),
      searchWords: lexiconWords,
      ids: {
        longChainItem: sid(K.evidence, 1),
        fiftyChainItems: Array.from({ length: s.fiftyChains }, (_, i) => sid(K.evidence, 2 + i)),
        bigInvestigation: sid(K.investigation, 1),
        dogs: Array.from({ length: Math.min(50, s.dogs) }, (_, i) => sid(K.dog, 1 + Math.floor((i * s.dogs) / Math.min(50, s.dogs)))),
        incidents: Array.from({ length: 50 }, (_, i) => sid(K.incident, 1 + Math.floor((i * s.incidents) / 50))),
        handlers: Array.from({ length: 10 }, (_, i) => sid(K.handler, 1 + i)),
      },
    }
    const stateFile = values.state ?? (external ? null : `${path.resolve(values['data-dir']!)}.json`)
    if (stateFile) {
      fs.mkdirSync(path.dirname(stateFile), { recursive: true })
      fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`)
    }
    console.error(`\nDone in ${seconds.toFixed(1)} s; database ${size[0]?.size}.`)
    for (const st of state.stages) console.error(`  ${st.name.padEnd(22)} ${String(st.rows).padStart(10)}  ${st.seconds ?? '-'} s`)
    console.log(JSON.stringify({ seconds: state.seconds, dataset }, null, 2))
    return verified.broken.length ? 1 : 0
  } finally {
    await pool.end()
    await stop()
  }
}

// Run only as the script itself (bench.ts imports the constants above).
if (/scale\.ts$/.test(process.argv[1] ?? ''))
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error)
      process.exit(1)
    },
  )
