import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import type {
  DeploymentOutcome,
  DeploymentTask,
  Exposure,
  IncidentType,
  Role,
} from '@/lib/generated/prisma/enums'
import { SYSTEM_ACTOR } from '@/lib/server/actor'
import { recordAudit } from '@/lib/server/audit'
import { type BlobStore, createBlobStore, LocalBlobStore } from '@/lib/server/blobs'
import { blobSettings } from '@/lib/server/env'
import { hashPassword } from '@/lib/server/passwords'
import { custodyHash } from '@/lib/custody'
import { GENESIS_HASH } from '@/lib/hash-chain'
import { renderXray } from './seed-data/xray'
import sharp from 'sharp'

/**
 * The reference case, "Who shot Rex?" (../shared/reference-case.md), and a
 * believable unit around it. Day 0 (the morning Rex collapsed) is placed a few
 * days before the seed runs so dashboards and alerts look alive.
 *
 * Idempotent: the whole load is one transaction, and a database that already
 * holds the reference case is left exactly as it is.
 */

export const DEMO_PASSWORD = 'Rex-the-K9-2026!'
export const DAY0_DAYS_AGO = 4

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'carter@k9.test', name: 'Officer Luke Carter', role: 'OFFICER' },
  { email: 'sharp@k9.test', name: 'Officer Dana Sharp', role: 'OFFICER' },
  { email: 'daniels@k9.test', name: 'Officer Sam Daniels', role: 'OFFICER' },
  { email: 'hayes@k9.test', name: 'Dr. Emily Hayes', role: 'VETERINARIAN' },
  { email: 'patel@k9.test', name: 'Dr. Raj Patel', role: 'VETERINARIAN' },
  { email: 'evans@k9.test', name: 'Tech. Maria Evans', role: 'EVIDENCE_TECH' },
  { email: 'morgan@k9.test', name: 'Det. Alex Morgan', role: 'DETECTIVE' },
  { email: 'ruiz@k9.test', name: 'Sgt. Elena Ruiz', role: 'SUPERVISOR' },
  { email: 'admin@k9.test', name: 'System Administrator', role: 'ADMIN' },
]

const HOUR = 3_600_000
const DAY = 24 * HOUR

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

/** blobs: the store to put the demo files in; else blobDir (a local folder); else the app's configured store (BLOB_STORE, BLOB_DIR, S3_*). */
export type SeedOptions = { blobDir?: string; blobs?: BlobStore; now?: Date; log?: (line: string) => void }

export async function seed(databaseUrl: string, options: SeedOptions = {}): Promise<{ loaded: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line))
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
  try {
    const existing = await db.user.findUnique({ where: { email: 'carter@k9.test' }, select: { id: true } })
    if (existing) {
      log('Reference case already loaded; nothing to do.')
      return { loaded: false }
    }
    const blobs = options.blobs ?? (options.blobDir ? new LocalBlobStore(path.resolve(options.blobDir)) : createBlobStore(blobSettings()))
    // Files first: content-addressed and idempotent, so a failed transaction
    // leaves at most unreferenced blobs, never a record without its file.
    const xray1 = await blobs.putBytes(renderXray('lateral-thorax'))
    const xray2 = await blobs.putBytes(renderXray('rib-closeup'))
    // Thumbnails as an upload makes them (lib/server/uploads/inspect.ts): longest side 320 px, JPEG.
    const thumbOf = async (png: Uint8Array) => blobs.putBytes(await sharp(png).resize({ width: 320, height: 320, fit: 'inside' }).jpeg({ quality: 80 }).toBuffer())
    const thumbs = [await thumbOf(renderXray('lateral-thorax')), await thumbOf(renderXray('rib-closeup'))]
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    const now = options.now ?? new Date()
    const day0 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY0_DAYS_AGO * DAY)
    const at = (day: number, hour: number, minute = 0) => new Date(day0.getTime() + day * DAY + hour * HOUR + minute * 60_000)

    await db.$transaction(
      async (tx) => {
        // ── People ──
        const users: Record<string, string> = {}
        for (const a of DEMO_ACCOUNTS) {
          const u = await tx.user.create({
            data: { email: a.email, name: a.name, role: a.role, passwordHash, passwordChangedAt: at(-400, 9), systemUseAcceptedAt: null },
            select: { id: true },
          })
          users[a.email.split('@')[0]!] = u.id
        }
        const handlerRows = [
          { key: 'carter', badge: 'B-1047', first: 'Luke', last: 'Carter', rank: 'Officer', userId: users.carter },
          { key: 'sharp', badge: 'B-1102', first: 'Dana', last: 'Sharp', rank: 'Officer', userId: users.sharp },
          { key: 'daniels', badge: 'B-1135', first: 'Sam', last: 'Daniels', rank: 'Officer', userId: users.daniels },
          { key: 'okafor', badge: 'B-0988', first: 'Grace', last: 'Okafor', rank: 'Senior Officer' },
          { key: 'lindqvist', badge: 'B-1170', first: 'Erik', last: 'Lindqvist', rank: 'Officer' },
          { key: 'moreau', badge: 'B-1204', first: 'Claire', last: 'Moreau', rank: 'Officer' },
          { key: 'nakamura', badge: 'B-0921', first: 'Ken', last: 'Nakamura', rank: 'Corporal' },
          { key: 'brennan', badge: 'B-1233', first: 'Tom', last: 'Brennan', rank: 'Officer' },
        ]
        const handlers: Record<string, string> = {}
        for (const h of handlerRows) {
          const row = await tx.handler.create({
            data: { badgeNumber: h.badge, firstName: h.first, lastName: h.last, rank: h.rank, unit: 'K-9 Unit, Metro Division', userId: h.userId ?? null },
            select: { id: true },
          })
          handlers[h.key] = row.id
        }

        // ── Dogs and pairings ──
        const dogRows = [
          { key: 'rex', k9: 'K9-101', name: 'Rex', breed: 'German Shepherd', sex: 'MALE', born: -7 * 365, chip: '985112004471023', spec: ['PATROL', 'APPREHENSION', 'TRACKING'], handler: 'carter', paired: -5 * 365, notes: 'Paired with Officer Carter at the K-9 Academy as a two-year-old. Pulled Carter out of a burning warehouse; has survived a knife attack and gunfire.' },
          { key: 'bella', k9: 'K9-107', name: 'Bella', breed: 'Belgian Malinois', sex: 'FEMALE', born: -4 * 365, chip: '985112004471188', spec: ['PATROL', 'APPREHENSION'], handler: 'sharp', paired: -2 * 365 },
          { key: 'thor', k9: 'K9-109', name: 'Thor', breed: 'Dutch Shepherd', sex: 'MALE', born: -5 * 365, chip: '985112004471240', spec: ['PATROL', 'TRACKING'], handler: 'daniels', paired: -3 * 365 },
          { key: 'luna', k9: 'K9-112', name: 'Luna', breed: 'Labrador Retriever', sex: 'FEMALE', born: -3 * 365, chip: '985112004471377', spec: ['NARCOTICS'], handler: 'okafor', paired: -1 * 365 - 120 },
          { key: 'max', k9: 'K9-114', name: 'Max', breed: 'Belgian Malinois', sex: 'MALE', born: -6 * 365, chip: '985112004471402', spec: ['EXPLOSIVES'], handler: 'lindqvist', paired: -4 * 365 },
          { key: 'kira', k9: 'K9-118', name: 'Kira', breed: 'German Shepherd', sex: 'FEMALE', born: -4 * 365 - 200, chip: '985112004471455', spec: ['SEARCH_AND_RESCUE', 'TRACKING'], handler: 'moreau', paired: -2 * 365 - 60 },
          { key: 'duke', k9: 'K9-094', name: 'Duke', breed: 'Bloodhound', sex: 'MALE', born: -11 * 365, chip: '985112004470911', spec: ['TRACKING', 'SEARCH_AND_RESCUE'], handler: 'nakamura', paired: -8 * 365, retired: -200 },
          { key: 'nova', k9: 'K9-121', name: 'Nova', breed: 'Dutch Shepherd', sex: 'FEMALE', born: -2 * 365 - 100, chip: '985112004471530', spec: ['PATROL', 'NARCOTICS'], handler: 'brennan', paired: -150 },
        ] as const
        const dogs: Record<string, string> = {}
        for (const d of dogRows) {
          const retired = 'retired' in d ? d.retired : undefined
          const row = await tx.dog.create({
            data: {
              k9Number: d.k9,
              name: d.name,
              breed: d.breed,
              sex: d.sex,
              dateOfBirth: at(d.born, 0),
              microchip: d.chip,
              specialties: [...d.spec],
              status: retired ? 'RETIRED' : 'ACTIVE',
              fitForDuty: !retired,
              fitForDutySetAt: at(-30, 10),
              fitForDutySetById: users.ruiz!,
              notes: 'notes' in d ? d.notes : null,
            },
            select: { id: true },
          })
          dogs[d.key] = row.id
          if (retired) {
            await tx.dogStatusChange.create({ data: { dogId: row.id, fromStatus: 'ACTIVE', toStatus: 'RETIRED', reason: 'Retired from service at eleven years; rehomed with his handler.', changedAt: at(retired, 10), changedById: users.ruiz! } })
          }
          await tx.handlerAssignment.create({
            data: {
              dogId: row.id,
              handlerId: handlers[d.handler]!,
              startedAt: at(d.paired, 9),
              endedAt: retired ? at(retired, 10) : null,
              endReason: retired ? 'Dog retired' : null,
              openDogId: retired ? null : row.id,
            },
          })
        }
        // Nova's first handler, before Brennan: shows a pairing history.
        await tx.handlerAssignment.create({
          data: { dogId: dogs.nova!, handlerId: handlers.nakamura!, startedAt: at(-400, 9), endedAt: at(-150, 9), endReason: 'Reassigned after Duke retired; Nakamura moved to training.' },
        })

        // ── Certifications (one expiring within 30 days) ──
        const certs = [
          { dog: 'rex', kind: 'Patrol Dog I', issuer: 'NAPWDA', issued: -300, expires: 65 },
          { dog: 'rex', kind: 'Tracking', issuer: 'State K-9 Academy', issued: -200, expires: 165 },
          { dog: 'bella', kind: 'Patrol Dog I', issuer: 'NAPWDA', issued: -345, expires: 20 },
          { dog: 'thor', kind: 'Patrol Dog I', issuer: 'NAPWDA', issued: -120, expires: 245 },
          { dog: 'luna', kind: 'Narcotics Detection', issuer: 'State K-9 Academy', issued: -90, expires: 275 },
          { dog: 'max', kind: 'Explosives Detection', issuer: 'ATF Canine Program', issued: -180, expires: 185 },
          { dog: 'kira', kind: 'Wilderness Search and Rescue', issuer: 'State SAR Council', issued: -60, expires: 305 },
          { dog: 'nova', kind: 'Narcotics Detection', issuer: 'State K-9 Academy', issued: -130, expires: 235 },
          { dog: 'duke', kind: 'Tracking', issuer: 'State K-9 Academy', issued: -700, expires: -335 },
        ]
        for (const [i, c] of certs.entries()) {
          await tx.certification.create({
            data: { dogId: dogs[c.dog]!, kind: c.kind, issuer: c.issuer, certificateNumber: `C-${2024 + (i % 3)}-${(4100 + i * 37).toString()}`, issuedAt: at(c.issued, 0), expiresAt: at(c.expires, 0) },
          })
        }

        // ── Incidents: the story first, then two years of unit work ──
        type Plan = {
          dayOffset: number
          hour: number
          type: IncidentType
          location: string
          narrative: string
          weather?: string
          lat?: number
          lng?: number
          reporter: string
          deployments: Array<{ dog: string; handler: string; task: DeploymentTask; outcome: DeploymentOutcome; exposures: Exposure[]; exposureNotes?: string; injury?: string; notes?: string }>
          key?: string
        }
        const story: Plan[] = [
          {
            key: 'warehouse-fire', dayOffset: -690, hour: 2, type: 'FIRE', location: 'Harbor Road warehouses, unit 7', reporter: 'carter',
            narrative: 'Building search for a reported intruder during a warehouse fire. Visibility lost; Rex located Officer Carter after a partial collapse and led him out through the smoke.',
            deployments: [{ dog: 'rex', handler: 'carter', task: 'SEARCH', outcome: 'FOUND', exposures: ['SMOKE', 'HEAT'], exposureNotes: 'Heavy smoke for about six minutes.', notes: 'Rex pulled Carter out of the burning warehouse.' }],
          },
          {
            key: 'knife', dayOffset: -520, hour: 23, type: 'ARMED_SUSPECT', location: '14th Street underpass', reporter: 'carter',
            narrative: 'Suspect armed with a knife fled a robbery. Rex tracked and apprehended; the suspect slashed at the dog before being disarmed.',
            deployments: [{ dog: 'rex', handler: 'carter', task: 'APPREHENSION', outcome: 'APPREHENDED', exposures: ['OTHER'], exposureNotes: 'Knife attack: superficial cut to the left shoulder.', injury: 'Superficial 3 cm laceration, left shoulder; cleaned and closed at the clinic.' }],
          },
          {
            key: 'missing-children', dayOffset: -430, hour: 16, type: 'MISSING_PERSON', location: 'Pine Hollow State Forest, north trailhead', reporter: 'carter',
            narrative: 'Two children missing after a school outing. Rex and Kira searched the north sector; Rex found both children in a ravine after 90 minutes.',
            deployments: [
              { dog: 'rex', handler: 'carter', task: 'SEARCH', outcome: 'FOUND', exposures: [] },
              { dog: 'kira', handler: 'moreau', task: 'SEARCH', outcome: 'NO_FIND', exposures: [] },
            ],
          },
          {
            key: 'gunfire-1', dayOffset: -240, hour: 1, type: 'ARMED_SUSPECT', location: 'Eastgate Mall car park, level 2', reporter: 'sharp',
            narrative: 'Shots fired call. Suspect exchanged fire with officers from behind vehicles before surrendering. Rex held on a long line as cover; Bella deployed for the apprehension.',
            deployments: [
              { dog: 'rex', handler: 'carter', task: 'PROTECTION', outcome: 'RECALLED', exposures: ['GUNFIRE_NEARBY'], exposureNotes: 'About six rounds fired at the officers\' position, 20-30 m away.' },
              { dog: 'bella', handler: 'sharp', task: 'APPREHENSION', outcome: 'APPREHENDED', exposures: ['GUNFIRE_NEARBY'] },
            ],
          },
          {
            key: 'shot-at', dayOffset: -97, hour: 22, type: 'ARMED_SUSPECT', location: 'Riverside rail yard, Dock Street', weather: 'Clear, cold', reporter: 'carter', lat: 41.4921, lng: -81.7012,
            narrative: 'Armed robbery suspect ran into the rail yard. During the track the suspect fired two shots back toward Officer Carter and Rex from between freight cars, then escaped over the fence. Rex completed the track to the fence line. Nobody was reported hit.',
            deployments: [{ dog: 'rex', handler: 'carter', task: 'TRACK', outcome: 'NO_FIND', exposures: ['SHOT_AT'], exposureNotes: 'Two rounds fired toward handler and dog at about 15 m. Rex yelped once and kept working; no wound found by the handler in the dark.', notes: 'Rex checked by the handler at the scene only.' }],
          },
          {
            key: 'fall', dayOffset: -60, hour: 14, type: 'BUILDING_SEARCH', location: 'Old mill, Canal Street', reporter: 'carter',
            narrative: 'Building search for a burglary suspect; Rex slipped on a wet stair and fell about one metre. Suspect found hiding in a loft.',
            deployments: [{ dog: 'rex', handler: 'carter', task: 'SEARCH', outcome: 'FOUND', exposures: ['FALL'], exposureNotes: 'Fell about 1 m; walked it off.' }],
          },
          {
            key: 'factory', dayOffset: -14, hour: 23, type: 'KIDNAPPING', location: 'Abandoned Ashford textile factory, 300 Mill Road', weather: 'Night, heavy rain', reporter: 'carter', lat: 41.4783, lng: -81.6881,
            narrative: 'A child was kidnapped and held in the abandoned factory. Officer Carter and K-9 Rex were first on scene. A masked man swung a metal pipe at Carter; Rex intercepted the blow, staggered, shook it off, tracked and found the child, and took down the suspect. No shots were fired. Child recovered unhurt; suspect in custody.',
            deployments: [{ dog: 'rex', handler: 'carter', task: 'TRACK', outcome: 'FOUND', exposures: ['STRUCK'], exposureNotes: 'Struck on the left flank by a metal pipe meant for the handler; staggered, then kept working.', notes: 'Child found; suspect apprehended by Rex. Rex not examined afterwards.' }],
          },
          {
            key: 'thor-struck', dayOffset: DAY0_DAYS_AGO - 3.4, hour: 3, type: 'PURSUIT', location: 'Route 9 overpass', reporter: 'daniels',
            narrative: 'Foot pursuit after a vehicle stop; suspect kicked Thor and he fell down an embankment before the apprehension.',
            deployments: [{ dog: 'thor', handler: 'daniels', task: 'APPREHENSION', outcome: 'APPREHENDED', exposures: ['STRUCK', 'FALL'], exposureNotes: 'Kicked in the ribs; rolled about 3 m down a gravel embankment.', injury: 'Limping on the right foreleg after the fall.' }],
          },
        ]
        const rand = mulberry32(20261125)
        const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
        const places = ['Elm Street', 'Harbor Road', 'Northfield Park', 'Mercer Avenue', 'Old Quarry Lane', 'Central Station', 'Westside Mall', 'Lakeview Apartments', 'Bridge Street', 'Airport freight terminal', 'Riverside Drive', 'County fairground', 'St. Clair school', 'Ironworks Road', 'Maple Court']
        const routine: Array<[IncidentType, DeploymentTask, DeploymentOutcome[], string]> = [
          ['BURGLARY', 'SEARCH', ['FOUND', 'NO_FIND', 'APPREHENDED'], 'Alarm activation; building searched by the dog team.'],
          ['DRUG_SEARCH', 'DETECTION', ['FOUND', 'NO_FIND'], 'Vehicle and luggage sniff on warrant.'],
          ['MISSING_PERSON', 'TRACK', ['FOUND', 'NO_FIND'], 'Vulnerable adult reported missing; track from the last known point.'],
          ['PURSUIT', 'APPREHENSION', ['APPREHENDED', 'BITE', 'RECALLED'], 'Suspect fled a traffic stop on foot.'],
          ['EXPLOSIVES_SWEEP', 'DETECTION', ['NO_FIND'], 'Venue sweep before a public event.'],
          ['PUBLIC_ORDER', 'CROWD_CONTROL', ['OTHER'], 'Crowd management at a late-night disturbance.'],
          ['ARMED_SUSPECT', 'APPREHENSION', ['APPREHENDED', 'RECALLED'], 'Report of a person with a weapon.'],
        ]
        const teams: Array<[string, string]> = [['bella', 'sharp'], ['thor', 'daniels'], ['luna', 'okafor'], ['max', 'lindqvist'], ['kira', 'moreau'], ['nova', 'brennan'], ['rex', 'carter']]
        const filler: Plan[] = []
        for (let i = 0; i < 44; i++) {
          const [type, task, outcomes, narrative] = pick(routine)
          let [dog, handler] = pick(teams)
          if (task === 'DETECTION') [dog, handler] = type === 'EXPLOSIVES_SWEEP' ? ['max', 'lindqvist'] : pick([['luna', 'okafor'], ['nova', 'brennan']] as Array<[string, string]>)
          const dayOffset = -Math.floor(30 + rand() * 690)
          const exposures: Exposure[] = []
          const r = rand()
          if (type === 'ARMED_SUSPECT' && r < 0.5) exposures.push('GUNFIRE_NEARBY')
          else if (task === 'APPREHENSION' && r < 0.35) exposures.push(pick(['STRUCK', 'BITTEN'] as Exposure[]))
          else if (r < 0.08) exposures.push(pick(['HEAT', 'CHEMICAL', 'FALL'] as Exposure[]))
          // Rex's routine jobs in the year before Day 0 were quiet; the story above holds his exposures.
          if (dog === 'rex' && dayOffset > -365) exposures.length = 0
          filler.push({
            dayOffset, hour: Math.floor(rand() * 24), type, location: `${100 + Math.floor(rand() * 800)} ${pick(places)}`, reporter: ['carter', 'sharp', 'daniels'][i % 3]!,
            narrative: `${narrative} ${exposures.length ? 'Dog exposed during the deployment; see the deployment notes.' : 'No injuries.'}`,
            deployments: [{ dog, handler, task, outcome: pick(outcomes), exposures, exposureNotes: exposures.length ? 'Recorded by the handler after the call.' : undefined }],
          })
        }
        const plans = [...story, ...filler].sort((a, b) => a.dayOffset + a.hour / 24 - (b.dayOffset + b.hour / 24))
        const counters = new Map<string, number>()
        const incidents: Record<string, string> = {}
        const deployments: Record<string, string> = {}
        for (const p of plans) {
          const occurredAt = at(p.dayOffset, p.hour)
          const year = occurredAt.getUTCFullYear()
          const n = (counters.get(`incident:${year}`) ?? 0) + 1
          counters.set(`incident:${year}`, n)
          const incident = await tx.incident.create({
            data: {
              number: `${year}-${String(n).padStart(6, '0')}`,
              type: p.type,
              status: p.dayOffset < -2 ? 'CLOSED' : 'OPEN',
              occurredAt,
              endedAt: new Date(occurredAt.getTime() + 2 * HOUR),
              locationText: p.location,
              latitude: p.lat ?? null,
              longitude: p.lng ?? null,
              weather: p.weather ?? null,
              narrative: p.narrative,
              reportingOfficerId: users[p.reporter]!,
              createdAt: new Date(occurredAt.getTime() + 3 * HOUR),
              officers: { create: [...new Set(p.deployments.map((d) => d.handler))].map((h) => ({ handlerId: handlers[h]!, role: 'Dog handler' })) },
            },
            select: { id: true },
          })
          if (p.key) incidents[p.key] = incident.id
          for (const d of p.deployments) {
            const dep = await tx.deployment.create({
              data: {
                incidentId: incident.id,
                incidentOccurredAt: occurredAt,
                dogId: dogs[d.dog]!,
                handlerId: handlers[d.handler]!,
                task: d.task,
                outcome: d.outcome,
                exposures: d.exposures,
                exposureNotes: d.exposureNotes ?? null,
                injuryObserved: Boolean(d.injury),
                injuryDescription: d.injury ?? null,
                notes: d.notes ?? null,
                deployedAt: new Date(occurredAt.getTime() + 20 * 60_000),
                loggedById: users[p.reporter]!,
              },
              select: { id: true },
            })
            if (p.key) deployments[`${p.key}:${d.dog}`] = dep.id
          }
        }

        // ── Day 0 to Day 2: the clinic ──
        const clinic = 'Emergency Vet Clinic, 12 Harbor Road'
        const emergency = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'EMERGENCY', occurredAt: at(0, 6, 40), clinic, veterinarianId: users.hayes!,
            attendingVets: 'Dr. Hayes', presentingProblem: 'Deteriorated overnight: laboured, shallow breathing; collapsed at home at dawn.',
            findings: 'Vitals dropping fast, irregular heart rate, signs of organ function down. No response to oxygen or medication.',
            diagnosis: 'Suspected end-stage multi-organ failure (later revised: focal trauma).',
            treatment: 'Oxygen by mask, IV fluids, analgesia.',
            outcome: 'Critical. Euthanasia discussed with the handler.',
          },
          select: { id: true },
        })
        const vitals: Array<[number, number, number, number, number, number, number, number, number, number]> = [
          // minutes after 06:40, HR, RR, temp, SpO2, sys, dia, CRT, pain
          [0, 0, 168, 62, 39.6, 88, 92, 54, 3.0, 7],
          [0, 15, 176, 68, 39.8, 85, 86, 50, 3.5, 8],
          [0, 30, 184, 72, 40.1, 82, 80, 46, 3.5, 8],
          [0, 45, 150, 48, 39.2, 80, 74, 42, 4.0, 8],
          [0, 55, 212, 30, 39.0, 91, 118, 70, 2.5, 9],
          [0, 60, 96, 54, 38.9, 84, 96, 58, 3.0, 8],
          [0, 70, 188, 40, 39.1, 90, 124, 76, 2.5, 9],
        ]
        await tx.vitalSign.createMany({
          data: vitals.map(([, m, hr, rr, t, spo2, sys, dia, crt, pain]) => ({
            recordId: emergency.id, dogId: dogs.rex!, takenAt: at(0, 6, 40 + m), heartRate: hr, respiratoryRate: rr, temperatureC: t, spo2, systolicBp: sys, diastolicBp: dia, capillaryRefillSec: crt, painScore: pain, recordedById: users.hayes!,
            notes: m === 55 ? 'Erratic spike after a twitch; breathing pattern changed.' : m === 45 ? 'Lowest point: euthanasia prepared.' : null,
          })),
        })
        await tx.medication.createMany({
          data: [
            { recordId: emergency.id, drug: 'Methadone', dose: '0.3 mg/kg', route: 'IV', givenAt: at(0, 6, 50), givenBy: 'Dr. Hayes', recordedById: users.hayes! },
            { recordId: emergency.id, drug: 'Lactated Ringer\'s', dose: '10 ml/kg bolus', route: 'IV', givenAt: at(0, 6, 52), givenBy: 'Dr. Hayes', recordedById: users.hayes! },
          ],
        })
        const euthanasia = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'EUTHANASIA_DECISION', occurredAt: at(0, 7, 35), clinic, veterinarianId: users.hayes!,
            attendingVets: 'Dr. Hayes; handler Officer Carter present',
            findings: 'Euthanasia prepared with the handler present.',
            decisionOutcome: 'HALTED',
            decisionReason: 'Halted: Rex showed a twitch, changing breathing and erratic vital spikes that are not consistent with end-stage organ failure. Re-examine for a focal cause.',
            outcome: 'Euthanasia halted; examination ordered.',
          },
          select: { id: true },
        })
        const exam = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'EXAM', occurredAt: at(0, 8, 0), clinic, veterinarianId: users.patel!,
            attendingVets: 'Dr. Hayes, Dr. Patel (visiting specialist)',
            presentingProblem: 'Re-examination after halted euthanasia.',
            findings: 'Flinches on palpation of the rib cage and abdomen: localised pain.',
            diagnosis: 'Focal trauma, not systemic failure.',
            treatment: 'Portable radiographs ordered.',
          },
          select: { id: true },
        })
        const imaging = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'IMAGING', occurredAt: at(0, 8, 30), clinic, veterinarianId: users.patel!,
            attendingVets: 'Dr. Patel', presentingProblem: 'Localised rib-cage pain.',
            findings: 'Small, sharp, metallic foreign body lodged deep between the 7th and 8th ribs, close to a major artery, shifting with each breath.',
            diagnosis: 'Intrathoracic metallic foreign body.',
            treatment: 'Emergency surgical removal.',
          },
          select: { id: true },
        })
        const xrayAttachments: string[] = []
        for (const [i, x] of [xray1, xray2].entries()) {
          const a = await tx.attachment.create({
            data: {
              medicalRecordId: imaging.id,
              fileName: i === 0 ? 'rex-thorax-lateral.png' : 'rex-ribcage-closeup.png',
              mediaType: 'image/png', sizeBytes: x.sizeBytes, sha256: x.sha256, blobKey: x.key, thumbnailKey: thumbs[i]!.key, widthPx: 640, heightPx: 480,
              description: i === 0 ? 'Portable X-ray 1: lateral thorax.' : 'Portable X-ray 2: focused on the rib cage; metallic fragment between ribs 7 and 8.',
              modality: 'XRAY', view: i === 0 ? 'Right lateral' : 'Right lateral, collimated', bodyRegion: i === 0 ? 'Thorax' : 'Rib cage (left, ribs 6-9)',
              capturedAt: at(0, 8, 25 + i * 6), uploadedById: users.patel!,
            },
            select: { id: true },
          })
          xrayAttachments.push(a.id)
        }
        const surgery = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'SURGERY', occurredAt: at(0, 9, 30), clinic, veterinarianId: users.patel!,
            attendingVets: 'Dr. Patel (surgeon), Dr. Hayes (anaesthesia)',
            presentingProblem: 'Intrathoracic metallic foreign body near a major artery.',
            procedure: 'Left lateral thoracotomy; removal of foreign body from the 7th intercostal space.',
            anaesthesia: 'Propofol induction, isoflurane maintenance; intermittent positive-pressure ventilation.',
            complications: 'Cardiac arrest during the removal (about 2 minutes); resuscitated with CPR and adrenaline. Fragment embedded deeper than expected; removed without rupturing the artery.',
            findings: 'Jagged metal shard, about 9 mm, surrounded by fibrous scar tissue.',
            outcome: 'Post-op: sedated, critical.',
          },
          select: { id: true },
        })
        await tx.vitalSign.createMany({
          data: [
            { recordId: surgery.id, dogId: dogs.rex!, takenAt: at(0, 9, 45), heartRate: 132, respiratoryRate: 16, temperatureC: 37.8, spo2: 96, systolicBp: 98, diastolicBp: 60, painScore: null, recordedById: users.hayes! },
            { recordId: surgery.id, dogId: dogs.rex!, takenAt: at(0, 10, 5), heartRate: 30, respiratoryRate: 4, temperatureC: 37.5, spo2: 62, systolicBp: 40, diastolicBp: 20, notes: 'Cardiac arrest: CPR started.', recordedById: users.hayes! },
            { recordId: surgery.id, dogId: dogs.rex!, takenAt: at(0, 10, 9), heartRate: 148, respiratoryRate: 14, temperatureC: 37.5, spo2: 91, systolicBp: 86, diastolicBp: 52, notes: 'Return of spontaneous circulation.', recordedById: users.hayes! },
            { recordId: surgery.id, dogId: dogs.rex!, takenAt: at(0, 10, 40), heartRate: 118, respiratoryRate: 18, temperatureC: 37.6, spo2: 97, systolicBp: 104, diastolicBp: 64, recordedById: users.hayes! },
          ],
        })
        await tx.medication.createMany({
          data: [
            { recordId: surgery.id, drug: 'Propofol', dose: '4 mg/kg', route: 'IV', givenAt: at(0, 9, 32), givenBy: 'Dr. Hayes', recordedById: users.hayes! },
            { recordId: surgery.id, drug: 'Adrenaline (epinephrine)', dose: '0.01 mg/kg', route: 'IV', givenAt: at(0, 10, 6), givenBy: 'Dr. Hayes', notes: 'During CPR.', recordedById: users.hayes! },
            { recordId: surgery.id, drug: 'Cefazolin', dose: '22 mg/kg', route: 'IV', givenAt: at(0, 9, 40), givenBy: 'Dr. Patel', recordedById: users.patel! },
          ],
        })
        const followUp = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'FOLLOW_UP', occurredAt: at(1, 6, 30), clinic, veterinarianId: users.hayes!,
            findings: 'Rex woke at dawn and recognised Officer Carter. Faint scar tissue at the wound site: the wound is not recent (weeks to months old).',
            diagnosis: 'Recovering from thoracotomy; old penetrating wound.',
            outcome: 'Stable.',
          },
          select: { id: true },
        })
        await tx.vitalSign.create({ data: { recordId: followUp.id, dogId: dogs.rex!, takenAt: at(1, 6, 30), heartRate: 104, respiratoryRate: 22, temperatureC: 38.4, spo2: 98, systolicBp: 118, diastolicBp: 72, capillaryRefillSec: 1.5, painScore: 4, recordedById: users.hayes! } })
        const discharge = await tx.medicalRecord.create({
          data: {
            dogId: dogs.rex!, kind: 'DISCHARGE', occurredAt: at(2, 15, 0), clinic, veterinarianId: users.hayes!,
            findings: 'Walked out of the clinic on his own paws.',
            treatment: 'Meloxicam and amoxicillin-clavulanate for 10 days; cage rest two weeks.',
            outcome: 'Discharged to handler. Unfit for duty pending re-check.',
            followUpDueAt: at(12, 10, 0),
          },
          select: { id: true },
        })
        await tx.dog.update({ where: { id: dogs.rex! }, data: { status: 'UNFIT', fitForDuty: false, fitForDutySetAt: at(2, 16), fitForDutySetById: users.ruiz! } })
        await tx.dogStatusChange.create({ data: { dogId: dogs.rex!, fromStatus: 'ACTIVE', toStatus: 'UNFIT', reason: 'Thoracotomy on Day 0; unfit for duty until the vet re-check.', changedAt: at(2, 16), changedById: users.ruiz! } })

        // ── The fragment: custody from the operating table ──
        const room = await tx.storageLocation.create({ data: { code: 'EVR-A-03-02', room: 'Evidence room A', shelf: '3', bin: '2', description: 'Ballistics, small items' } })
        await tx.storageLocation.createMany({
          data: [
            { code: 'EVR-A-01-01', room: 'Evidence room A', shelf: '1', bin: '1', description: 'General intake' },
            { code: 'EVR-B-01-01', room: 'Evidence room B (cold)', shelf: '1', bin: '1', description: 'Biological, refrigerated' },
          ],
        })
        const evidenceYear = at(0, 10).getUTCFullYear()
        const fragment = await tx.evidenceItem.create({
          data: {
            number: `EV-${evidenceYear}-000001`,
            description: 'Jagged metal fragment (about 9 mm) removed from between the ribs of K-9 Rex during surgery.',
            category: 'BALLISTIC',
            collectedAt: at(0, 10, 15),
            collectedById: users.patel!,
            collectedAtPlace: `Operating room, ${clinic}`,
            originMedicalRecordId: surgery.id,
            sealNumber: 'SEAL-448213',
            status: 'IN_CUSTODY',
            currentCustodianId: users.evans!,
            storageLocationId: room.id,
          },
          select: { id: true },
        })
        const chain: Array<{ action: 'COLLECTED' | 'TRANSFERRED' | 'RECEIVED' | 'STORED' | 'CHECKED_OUT' | 'SUBMITTED_TO_LAB' | 'RETURNED_FROM_LAB'; when: Date; actor: string; from?: string; to?: string; location?: string; place?: string; lab?: string; purpose?: string; seal?: boolean; notes?: string }> = [
          { action: 'COLLECTED', when: at(0, 10, 15), actor: 'patel', to: 'patel', place: `Operating room, ${clinic}`, purpose: 'Removed from the 7th intercostal space during surgery', seal: true, notes: 'Sealed in an evidence bag in theatre.' },
          { action: 'TRANSFERRED', when: at(1, 7, 0), actor: 'patel', from: 'patel', to: 'carter', place: clinic, purpose: 'Hand-over to the dog\'s handler for the evidence room', seal: true },
          { action: 'RECEIVED', when: at(1, 7, 2), actor: 'carter', from: 'patel', to: 'carter', place: clinic, seal: true },
          { action: 'TRANSFERRED', when: at(1, 11, 0), actor: 'carter', from: 'carter', to: 'evans', place: 'Evidence room A counter', purpose: 'Booking in', seal: true },
          { action: 'RECEIVED', when: at(1, 11, 5), actor: 'evans', from: 'carter', to: 'evans', place: 'Evidence room A counter', seal: true },
          { action: 'STORED', when: at(1, 11, 20), actor: 'evans', location: room.id, place: 'EVR-A-03-02', seal: true },
          { action: 'CHECKED_OUT', when: at(1, 13, 30), actor: 'evans', from: 'evans', to: 'evans', location: room.id, purpose: 'For lab submission', seal: true },
          { action: 'SUBMITTED_TO_LAB', when: at(1, 14, 10), actor: 'evans', from: 'evans', lab: 'State Crime Laboratory, Firearms Unit', purpose: 'Identify the material and origin of the fragment', seal: true },
          { action: 'RETURNED_FROM_LAB', when: at(2, 17, 0), actor: 'evans', to: 'evans', lab: 'State Crime Laboratory, Firearms Unit', seal: true, notes: 'Returned resealed under lab seal SCL-77120.' },
          { action: 'STORED', when: at(2, 17, 20), actor: 'evans', location: room.id, place: 'EVR-A-03-02', seal: true },
        ]
        let prevHash = GENESIS_HASH
        let submittedEventId: string | null = null
        for (const [i, e] of chain.entries()) {
          const content = {
            evidenceItemId: fragment.id, sequence: i + 1, action: e.action, occurredAt: e.when, actorId: users[e.actor]!,
            fromUserId: e.from ? users[e.from]! : null, toUserId: e.to ? users[e.to]! : null, locationId: e.location ?? null,
            place: e.place ?? null, labName: e.lab ?? null, purpose: e.purpose ?? null, sealIntact: e.seal ?? null, notes: e.notes ?? null,
          }
          const hash = custodyHash(prevHash, content)
          const ev = await tx.custodyEvent.create({ data: { ...content, prevHash, hash }, select: { id: true } })
          if (e.action === 'SUBMITTED_TO_LAB') submittedEventId = ev.id
          prevHash = hash
        }
        await tx.evidenceItem.update({ where: { id: fragment.id }, data: { headSequence: chain.length, headHash: prevHash } })
        const labRequest = await tx.labRequest.create({
          data: {
            evidenceItemId: fragment.id, lab: 'State Crime Laboratory, Firearms Unit', question: 'What is the fragment made of, and is it part of a firearm projectile? If so, calibre and any marks.',
            labReference: 'SCL-F-2291', status: 'COMPLETED', requestedById: users.morgan!, requestedAt: at(1, 13, 0), submittedEventId, dueAt: at(8, 17),
          },
          select: { id: true },
        })
        const labResult = await tx.labResult.create({
          data: {
            requestId: labRequest.id, examiner: 'J. Whitfield, Firearms Examiner', method: 'Stereomicroscopy, XRF elemental analysis, comparison microscopy',
            findings: 'Copper jacket fragment with lead core residue; partial land and groove impressions (6 right twist). Not consistent with building debris or pipe metal.',
            conclusion: 'Fragment of a firearm projectile, consistent with a 9 mm Luger jacketed bullet.',
            reportedAt: at(2, 16, 0), recordedById: users.evans!,
          },
          select: { id: true },
        })

        // ── Welfare alerts: Rex's unexamined blow, and a live overdue check ──
        const factoryDeployment = deployments['factory:rex']!
        await tx.alert.create({
          data: {
            kind: 'VET_CHECK_DUE', status: 'RESOLVED', dedupeKey: `vet-check:${factoryDeployment}`, dogId: dogs.rex!, deploymentId: factoryDeployment,
            title: 'Vet check due: Rex was struck during the factory call-out', raisedAt: at(-14, 23, 30), dueAt: at(-11, 23, 30), overdueAt: at(-11, 23, 30),
            resolvedAt: at(0, 6, 40), resolvedByRecordId: emergency.id, note: 'Resolved by the Day 0 emergency admission, 14 days after the blow.',
          },
        })
        const thorDeployment = deployments['thor-struck:thor']!
        const thorAt = at(DAY0_DAYS_AGO - 3.4, 3)
        await tx.alert.create({
          data: {
            kind: 'VET_CHECK_DUE', status: 'OPEN', dedupeKey: `vet-check:${thorDeployment}`, dogId: dogs.thor!, deploymentId: thorDeployment,
            title: 'Vet check due: Thor was struck and fell during a pursuit', raisedAt: thorAt, dueAt: new Date(thorAt.getTime() + 72 * HOUR), overdueAt: null,
          },
        })

        // ── The investigation ──
        const investigation = await tx.investigation.create({
          data: {
            number: `INV-${evidenceYear}-0001`, title: 'Who shot Rex?', status: 'ACTIVE', leadId: users.morgan!, openedAt: at(2, 9, 0),
            summary: 'A firearm projectile fragment was removed from K-9 Rex on Day 0. The wound is old and no shots were fired at the factory call-out on Day -14. In which earlier deployment was Rex shot, and by whom?',
            members: { create: [{ userId: users.morgan! }, { userId: users.carter! }] },
          },
          select: { id: true },
        })
        await tx.investigationLink.createMany({
          data: [
            { investigationId: investigation.id, targetType: 'DOG', relation: 'SUBJECT', dogId: dogs.rex!, note: 'The injured dog.', createdById: users.morgan! },
            { investigationId: investigation.id, targetType: 'INCIDENT', relation: 'RELATED', incidentId: incidents.factory!, note: 'Rex was struck here; no shots fired, so not the source of the bullet.', createdById: users.morgan! },
            { investigationId: investigation.id, targetType: 'ATTACHMENT', relation: 'IMAGED_IN', attachmentId: xrayAttachments[1]!, note: 'The fragment between ribs 7 and 8.', createdById: users.morgan! },
            { investigationId: investigation.id, targetType: 'EVIDENCE_ITEM', relation: 'RECOVERED_FROM', evidenceItemId: fragment.id, note: 'Recovered in surgery by Dr. Patel.', createdById: users.morgan! },
            { investigationId: investigation.id, targetType: 'LAB_RESULT', relation: 'SUBMITTED_AS', labResultId: labResult.id, note: 'Firearm projectile, 9 mm.', createdById: users.morgan! },
          ],
        })
        await tx.caseNote.create({
          data: { investigationId: investigation.id, authorId: users.morgan!, createdAt: at(2, 18, 0), body: 'Scar tissue says the wound is weeks to months old. Next: list Rex\'s deployments in the 12 months before Day 0 and rank them by exposure.' },
        })

        // ── Counters so new numbers continue after the seeded ones ──
        for (const [key, value] of counters) await tx.counter.create({ data: { key, value } })
        await tx.counter.create({ data: { key: `evidence:${evidenceYear}`, value: 1 } })
        await tx.counter.create({ data: { key: `investigation:${evidenceYear}`, value: 1 } })

        await recordAudit(tx, SYSTEM_ACTOR, 'system.seeded', null, {
          details: { referenceCase: 'Who shot Rex?', day0: day0.toISOString(), incidents: plans.length, discharge: discharge.id, euthanasia: euthanasia.id, exam: exam.id },
        })
      },
      { timeout: 120_000, maxWait: 10_000 },
    )
    log(`Reference case loaded (Day 0 = ${day0.toISOString().slice(0, 10)}). Sign in with any demo account, password ${DEMO_PASSWORD}`)
    return { loaded: true }
  } finally {
    await db.$disconnect()
  }
}
