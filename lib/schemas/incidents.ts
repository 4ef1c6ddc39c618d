import { z } from 'zod'
import { DeploymentOutcome, DeploymentTask, Exposure, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'
import { MAX_DEPLOYMENTS, MAX_OFFICERS } from '@/lib/choices'
import { storableText } from '@/lib/text'
import { encodeCursor, listCursor, listDay } from './cursor'
import { collectNumbered } from './numbered'

const day = listDay
const cursor = listCursor

/** The incident list's search parameters (from the URL: untrusted). */
export const ListIncidentsSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  type: z.enum(IncidentType).optional().catch(undefined),
  status: z.enum(IncidentStatus).optional().catch(undefined),
  exposure: z.enum(Exposure).optional().catch(undefined),
  /** A dog's id (links from its profile), or what a person types: "Rex", "K9-2008", "Rex (K9-2008)". */
  dog: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  /** A handler's id, or a last name, a badge number, "Carter, Luke (B-1042)". */
  handler: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  from: day,
  to: day,
  sort: z.enum(['newest', 'oldest']).default('newest').catch('newest'),
  /** The page after this row (the "Next" link). */
  after: cursor,
  /** The page before this row (the "Previous" link). */
  before: cursor,
  /** Jump: the page that starts at this day (newest first: the day's last incident; oldest first: its first). */
  jump: day,
  /** The far end of the list ("Oldest" when newest first, "Newest" when oldest first). */
  end: z.literal('1').optional().catch(undefined),
})
export type ListIncidentsInput = z.infer<typeof ListIncidentsSchema>

/** The URL form of a list position (see the cursor schema above). */
export function encodeIncidentCursor(row: { occurredAt: Date; id: string }): string {
  return encodeCursor(row.occurredAt, row.id)
}

// ───────────────────────────── writes (issue 4) ─────────────────────────────
// Forms post flat FormData (lib/server/action.ts fromForm). A deployment row of
// the incident form posts `deployments.<i>.<field>`; `nestRows` turns those into
// an array so that a zod issue's path (`deployments.0.dog`) is exactly the
// name of the field it belongs to, and the message lands next to it.

/** Times come from `<input type="datetime-local">` and are in the unit's time zone (UTC, lib/format.ts). */
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/
const EARLIEST = Date.UTC(2000, 0, 1)
/** A clock a few minutes fast on a phone must not make "now" a future time. */
const FUTURE_SLACK_MS = 10 * 60_000

function toUtc(value: string): Date {
  return new Date(`${value.length === 16 ? `${value}:00` : value}Z`)
}

const dateTime = (what: string) =>
  z
    .string({ error: `Enter the ${what} date and time.` })
    .trim()
    .min(1, `Enter the ${what} date and time.`)
    .regex(LOCAL_DATETIME, `Enter the ${what} date and time.`)
    .transform(toUtc)
    .refine((d) => !Number.isNaN(d.getTime()) && d.getTime() >= EARLIEST, `That ${what} date is not valid.`)
    .refine((d) => d.getTime() <= Date.now() + FUTURE_SLACK_MS, `The ${what} time cannot be in the future.`)

const optionalDateTime = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(dateTime(what).optional())

const requiredText = (message: string, max: number) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)

/** Empty means "none": the command stores null. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

const coordinate = (label: string, limit: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^-?\d{1,3}(\.\d{1,6})?$/, `Enter the ${label} in decimal degrees, e.g. ${limit === 90 ? '41.4921' : '-81.7012'} (up to 6 decimals).`)
        .transform(Number)
        .refine((n) => Math.abs(n) <= limit, `The ${label} must be between -${limit} and ${limit}.`)
        .nullable(),
    )

/** One value or several (a checkbox group) → an array; nothing → []. */
const many = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .optional()
    .transform((v): z.infer<T>[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]))

const checkbox = z
  .union([z.literal('yes'), z.literal('on'), z.literal('')])
  .optional()
  .transform((v) => v === 'yes' || v === 'on')

const version = z.coerce.number({ error: 'This form is out of date. Reload the page.' }).int().min(1, 'This form is out of date. Reload the page.')

const deploymentShape = {
  /** The dog's id (from code and tests)… */
  dogId: z.uuid({ error: 'Choose the dog.' }).optional(),
  /** …or, from the form, its call name or K-9 number, which the command resolves (a state unit has thousands of dogs: no list to pick from). */
  dog: optionalText(200),
  /** The handler's id, or (`handler`) a badge number or name; both empty: the dog's current handler (the command fills it in). */
  handlerId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.uuid({ error: 'Choose the handler.' }).nullable()),
  handler: optionalText(200),
  task: z.enum(DeploymentTask, { error: 'Choose the task the dog was given.' }),
  outcome: z.enum(DeploymentOutcome, { error: 'Choose the outcome.' }),
  exposures: many(z.enum(Exposure, { error: 'Choose exposures from the list.' })),
  exposureNotes: optionalText(2000),
  injuryObserved: checkbox,
  injuryDescription: optionalText(2000),
  notes: optionalText(4000),
  /** Empty: the incident's own time. */
  deployedAt: optionalDateTime('deployment'),
}

/** Cross-field rules run even when a field failed, so all problems come back at once. */
const ALWAYS = { when: () => true }

type DeploymentRowLike = { dogId?: unknown; dog?: unknown; exposures?: unknown; exposureNotes?: unknown; injuryObserved?: unknown; injuryDescription?: unknown }

/**
 * Rules across a row's fields. They run even when another field of the form
 * failed (`ALWAYS`), so every problem is named in one round; the row may then
 * be only partly parsed, hence the defensive reads.
 */
function checkDeployment(row: DeploymentRowLike, ctx: z.RefinementCtx, path: (string | number)[]) {
  if (row.dogId === undefined && !row.dog) ctx.addIssue({ code: 'custom', path: [...path, 'dog'], message: 'Enter the dog’s call name or K-9 number.' })
  if (row.injuryObserved === true && !row.injuryDescription) {
    ctx.addIssue({ code: 'custom', path: [...path, 'injuryDescription'], message: 'Describe the injury you saw (where, what it looked like).' })
  }
  if (Array.isArray(row.exposures) && row.exposures.includes('OTHER') && !row.exposureNotes) {
    ctx.addIssue({ code: 'custom', path: [...path, 'exposureNotes'], message: 'Say what the "other" exposure was.' })
  }
}

export const DeploymentFieldsSchema = z.object(deploymentShape).superRefine((row, ctx) => checkDeployment(row, ctx, []), ALWAYS)
export type DeploymentFieldsInput = z.infer<typeof DeploymentFieldsSchema>

const DeploymentRowSchema = z.object(deploymentShape)

/** `deployments.<i>.<field>` keys → `deployments: [{ field }]` (rows in index order; other keys untouched). */
export function nestRows(raw: unknown, listName = 'deployments'): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  const out: Record<string, unknown> = {}
  const rows: Record<string, unknown>[] = []
  const pattern = new RegExp(`^${listName}\\.(\\d{1,2})\\.([A-Za-z][A-Za-z0-9]*)$`)
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const m = pattern.exec(key)
    if (!m) {
      out[key] = value
      continue
    }
    const i = Number(m[1])
    if (i >= MAX_DEPLOYMENTS) continue
    ;(rows[i] ??= {})[m[2]!] = value
  }
  // A hole (row 1 missing between 0 and 2) becomes an empty row, which fails with messages next to its fields.
  if (rows.length > 0 || !(listName in out)) out[listName] = Array.from({ length: rows.length }, (_, i) => rows[i] ?? {})
  return out
}

const collectOfficers = (raw: unknown) => collectNumbered(raw, 'officers', MAX_OFFICERS)

const incidentShape = {
  type: z.enum(IncidentType, { error: 'Choose the type of incident.' }),
  occurredAt: dateTime('incident'),
  locationText: requiredText('Enter where it happened (address or description of the place).', 500),
  latitude: coordinate('latitude', 90),
  longitude: coordinate('longitude', 180),
  weather: optionalText(200),
  narrative: requiredText('Write what happened.', 20_000),
  /** Officers by id (from code and tests)… */
  officerIds: many(z.uuid({ error: 'Choose officers from the list.' })),
  /** …or, from the form (`officers.<i>`), each by badge number or name; an empty entry is skipped, the positions stay those of the fields. */
  officers: z.array(optionalText(200)).max(MAX_OFFICERS, `At most ${MAX_OFFICERS} officers per incident.`).optional().transform((v) => v ?? []),
}

function checkCoordinates(v: { latitude?: unknown; longitude?: unknown }, ctx: z.RefinementCtx) {
  // Only when both parsed (a bad number has its own message).
  const ok = (c: unknown) => c === null || typeof c === 'number'
  if (ok(v.latitude) && ok(v.longitude) && (v.latitude === null) !== (v.longitude === null)) {
    ctx.addIssue({ code: 'custom', path: [v.latitude === null ? 'latitude' : 'longitude'], message: 'Enter both latitude and longitude, or neither.' })
  }
}

/** /incidents/new: the incident and its dogs' deployments, saved together or not at all. */
export const LogIncidentSchema = z.preprocess(
  (raw) => nestRows(collectOfficers(raw)),
  z
    .object({
      /** Generated when the form is rendered; a second submit of the same form returns the first incident. */
      idempotencyKey: z.uuid({ error: 'This form is out of date. Reload the page.' }),
      ...incidentShape,
      deployments: z.array(DeploymentRowSchema).min(1, 'Add at least one dog deployment.').max(MAX_DEPLOYMENTS, `At most ${MAX_DEPLOYMENTS} deployments per form.`),
    })
    .superRefine((v, ctx) => {
      checkCoordinates(v, ctx)
      const seen = new Set<string>()
      const rows: unknown = v.deployments
      if (!Array.isArray(rows)) return
      rows.forEach((row: DeploymentRowLike, i) => {
        if (typeof row !== 'object' || row === null) return
        checkDeployment(row, ctx, ['deployments', i])
        // The same text twice (the command also compares the dogs the texts name).
        const key = typeof row.dogId === 'string' ? row.dogId : typeof row.dog === 'string' ? row.dog.toLowerCase().replace(/\s+/g, ' ') : null
        if (!key) return
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['deployments', i, typeof row.dogId === 'string' ? 'dogId' : 'dog'], message: 'This dog is already in another deployment of this incident.' })
        seen.add(key)
      })
    }, ALWAYS),
)
export type LogIncidentInput = z.infer<typeof LogIncidentSchema>

/** /incidents/[id]/edit: the incident's own fields; `version` is the one the form was rendered with. */
export const EditIncidentSchema = z.preprocess(
  collectOfficers,
  z
    .object({
      incidentId: z.uuid(),
      version,
      ...incidentShape,
    })
    .superRefine(checkCoordinates, ALWAYS),
)
export type EditIncidentInput = z.infer<typeof EditIncidentSchema>

export const AddDeploymentSchema = z
  .object({ incidentId: z.uuid(), ...deploymentShape })
  .superRefine((row, ctx) => checkDeployment(row, ctx, []), ALWAYS)
export type AddDeploymentInput = z.infer<typeof AddDeploymentSchema>

export const EditDeploymentSchema = z
  .object({ incidentId: z.uuid(), deploymentId: z.uuid(), version, ...deploymentShape })
  .superRefine((row, ctx) => checkDeployment(row, ctx, []), ALWAYS)
export type EditDeploymentInput = z.infer<typeof EditDeploymentSchema>

/** Close or re-open an incident: the version the user saw and the reason, which is kept and audited. */
export const ChangeIncidentStatusSchema = z.object({
  incidentId: z.uuid({ error: 'This form is out of date. Reload the page.' }),
  version,
  reason: z
    .string({ error: 'Give the reason.' })
    .trim()
    .min(1, 'Give the reason.')
    .max(500, 'Keep it under 500 characters.'),
})
export type ChangeIncidentStatusInput = z.infer<typeof ChangeIncidentStatusSchema>
