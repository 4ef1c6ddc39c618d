import { z } from 'zod'
import { DecisionOutcome, EvidenceCategory, MedicalRecordKind, MedicationRoute } from '@/lib/generated/prisma/enums'
import { MAX_VITAL_ROWS } from '@/lib/choices'
import { VITAL_KEYS, VITALS, type VitalKey } from '@/lib/vitals'
import { storableText } from '@/lib/text'
import { listCursor, listDay } from './cursor'
import { nestRows } from './incidents'

/*
 * The vets' forms (issue 5). Forms post flat FormData (lib/server/action.ts
 * fromForm); every message names what to do, in a vet's words.
 */

/** Times come from `<input type="datetime-local">` in the unit's time zone (UTC, lib/format.ts). */
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/
const EARLIEST = Date.UTC(2000, 0, 1)
/** A clock a few minutes fast on a phone must not make "now" a future time. */
const FUTURE_SLACK_MS = 10 * 60_000

const toUtc = (value: string) => new Date(`${value.length === 16 ? `${value}:00` : value}Z`)

const dateTime = (what: string, { future = false } = {}) => {
  const base = z
    .string({ error: `Enter the ${what} date and time.` })
    .trim()
    .min(1, `Enter the ${what} date and time.`)
    .regex(LOCAL_DATETIME, `Enter the ${what} date and time.`)
    .transform(toUtc)
    .refine((d) => !Number.isNaN(d.getTime()) && d.getTime() >= EARLIEST, `That ${what} date is not valid.`)
  return future ? base : base.refine((d) => d.getTime() <= Date.now() + FUTURE_SLACK_MS, `The ${what} time cannot be in the future.`)
}

const requiredText = (message: string, max: number) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)

/** Empty means "none": stored as null. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

const formId = z.uuid({ error: 'This form is out of date. Reload the page.' })
const version = z.coerce.number({ error: 'This form is out of date. Reload the page.' }).int().min(1, 'This form is out of date. Reload the page.')

// ───────────── medical records ─────────────

/** The fields every kind of record has. Which of them a kind requires is in KIND_RULES. */
const commonShape = {
  occurredAt: dateTime('record'),
  clinic: requiredText('Enter the clinic.', 200),
  attendingVets: optionalText(500),
  presentingProblem: optionalText(4000),
  findings: optionalText(8000),
  diagnosis: optionalText(4000),
  treatment: optionalText(8000),
  outcome: optionalText(4000),
  /** May be in the future: that is the point of a follow-up date. */
  followUpDueAt: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(dateTime('follow-up', { future: true }).optional())
    .transform((v) => v ?? null),
}

/**
 * What each kind requires beyond the common fields, and the kind-only fields
 * (the decision's outcome and reason; the surgery's procedure, anaesthesia and
 * complications). Fields not listed for a kind are not accepted for it.
 */
const KIND_RULES = {
  EXAM: { findings: requiredText('Write what the examination found.', 8000) },
  EMERGENCY: { presentingProblem: requiredText('Say why the dog was brought in (the presenting problem).', 4000) },
  IMAGING: { findings: requiredText('Write what the images show.', 8000) },
  SURGERY: {
    procedure: requiredText('Name the procedure performed.', 4000),
    anaesthesia: requiredText('Record the anaesthesia (agents and how it went).', 4000),
    complications: optionalText(4000),
  },
  EUTHANASIA_DECISION: {
    decisionOutcome: z.enum(DecisionOutcome, { error: 'Say whether euthanasia was performed, halted or deferred.' }),
    decisionReason: requiredText('Give the reason for the decision: a euthanasia decision is never recorded without it.', 4000),
  },
  DISCHARGE: { outcome: requiredText('Record the dog’s condition at discharge (the outcome).', 4000) },
  FOLLOW_UP: { findings: requiredText('Write what the follow-up found.', 8000) },
} as const

/** Every text field a record can have, in the order a vet reads them (the amendment diff uses the same list). */
export const RECORD_FIELDS = [
  ['occurredAt', 'Date and time'],
  ['clinic', 'Clinic'],
  ['attendingVets', 'Attending vets'],
  ['presentingProblem', 'Presenting problem'],
  ['findings', 'Findings'],
  ['diagnosis', 'Diagnosis'],
  ['decisionOutcome', 'Decision'],
  ['decisionReason', 'Reason for the decision'],
  ['procedure', 'Procedure'],
  ['anaesthesia', 'Anaesthesia'],
  ['complications', 'Complications'],
  ['treatment', 'Treatment'],
  ['outcome', 'Outcome'],
  ['followUpDueAt', 'Follow-up due'],
] as const
export type RecordField = (typeof RECORD_FIELDS)[number][0]

function member<K extends MedicalRecordKind, H extends z.ZodRawShape>(kind: K, head: H) {
  return z.object({ ...head, kind: z.literal(kind), ...commonShape, ...KIND_RULES[kind] })
}

function byKind<H extends z.ZodRawShape>(head: H) {
  return z
    .discriminatedUnion(
      'kind',
      [
        member('EXAM', head),
        member('EMERGENCY', head),
        member('IMAGING', head),
        member('SURGERY', head),
        member('EUTHANASIA_DECISION', head),
        member('DISCHARGE', head),
        member('FOLLOW_UP', head),
      ],
      { error: 'Choose the kind of record.' },
    )
    .superRefine((parsed, ctx) => {
      // zod runs this refinement even when a field already failed, with that field's raw string:
      // check the types (a hand-made post crashed it with "getTime is not a function" — decision 017).
      const v = parsed as { occurredAt?: unknown; followUpDueAt?: unknown }
      if (v.followUpDueAt instanceof Date && v.occurredAt instanceof Date && v.followUpDueAt.getTime() < v.occurredAt.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['followUpDueAt'], message: 'The follow-up is due after the record’s own date.' })
      }
    })
}

/** /medical/new: a new record for a dog, signed by a veterinarian (the signed-in vet by default). */
export const CreateMedicalRecordSchema = byKind({
  /** Generated when the form renders; a second submit of the same form returns the first record (decision 013). */
  idempotencyKey: formId,
  /** The dog's id (from code and tests)… */
  dogId: z.uuid({ error: 'Choose the dog.' }).optional(),
  /** …or, from the form, its call name or K-9 number, which the command resolves (a state unit has thousands of dogs: no list to pick from). */
  dog: optionalText(200),
  veterinarianId: z.uuid({ error: 'Choose the veterinarian.' }),
}).superRefine(
  (parsed, ctx) => {
    // Runs even when another field failed (so every problem comes back in one round): read defensively.
    const v = parsed as { dogId?: unknown; dog?: unknown }
    const typed = typeof v.dog === 'string' ? v.dog.trim() : v.dog
    if (v.dogId === undefined && !typed) ctx.addIssue({ code: 'custom', path: ['dog'], message: 'Enter the dog’s call name or K-9 number.' })
  },
  { when: () => true },
)
export type CreateMedicalRecordInput = z.infer<typeof CreateMedicalRecordSchema>

/** /medical/[id]/amend: the record's fields as amended, why, and the version the form was rendered at. */
export const AmendMedicalRecordSchema = byKind({
  recordId: formId,
  version,
  reason: requiredText('Say why you are amending the record.', 2000),
})
export type AmendMedicalRecordInput = z.infer<typeof AmendMedicalRecordSchema>

// ───────────── vital signs ─────────────

function reading(key: VitalKey) {
  const { label, unit, limits, decimals } = VITALS[key]
  const pattern = decimals === 0 ? /^-?\d+$/ : /^-?\d+([.,]\d)?$/
  const shape = decimals === 0 ? 'a whole number' : 'a number with at most one decimal'
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(pattern, `Enter the ${label.toLowerCase()} as ${shape}${unit.startsWith('/') ? '' : ` (${unit})`}.`)
        .transform((v) => Number(v.replace(',', '.')))
        .refine((n) => n >= limits[0] && n <= limits[1], `${label} must be between ${limits[0]} and ${limits[1]}${unit.startsWith('/') ? '' : ` ${unit}`}: check the reading.`)
        .nullable(),
    )
}

const vitalRowShape = {
  takenAt: dateTime('reading'),
  ...(Object.fromEntries(VITAL_KEYS.map((k) => [k, reading(k)])) as Record<VitalKey, ReturnType<typeof reading>>),
  notes: optionalText(1000),
}

export const VitalRowSchema = z.object(vitalRowShape)
export type VitalRowInput = z.infer<typeof VitalRowSchema>

/** Rules across a row's fields; they run even when a field failed, so every problem is named at once. */
function checkVitalRow(row: Partial<Record<string, unknown>>, ctx: z.RefinementCtx, path: (string | number)[]) {
  const measured = VITAL_KEYS.some((k) => row[k] !== null && row[k] !== undefined)
  if (!measured) ctx.addIssue({ code: 'custom', path: [...path, 'heartRate'], message: 'Enter at least one measurement in this reading, or remove it.' })
  const sys = row.systolicBp
  const dia = row.diastolicBp
  if (typeof sys === 'number' && typeof dia === 'number' && dia >= sys) {
    ctx.addIssue({ code: 'custom', path: [...path, 'diastolicBp'], message: 'The diastolic pressure must be lower than the systolic.' })
  }
}

/** Add one or several readings to a record: `vitals.<i>.<field>` rows. */
export const AddVitalSignsSchema = z.preprocess(
  (raw) => nestRows(raw, 'vitals'),
  z
    .object({
      idempotencyKey: formId,
      recordId: formId,
      vitals: z.array(z.object(vitalRowShape)).min(1, 'Add at least one reading.').max(MAX_VITAL_ROWS, `At most ${MAX_VITAL_ROWS} readings per submit.`),
    })
    .superRefine(
      (v, ctx) => {
        const rows: unknown = v.vitals
        if (!Array.isArray(rows)) return
        rows.forEach((row, i) => {
          if (typeof row === 'object' && row !== null) checkVitalRow(row as Record<string, unknown>, ctx, ['vitals', i])
        })
      },
      { when: () => true },
    ),
)
export type AddVitalSignsInput = z.infer<typeof AddVitalSignsSchema>

// ───────────── medications ─────────────

export const AddMedicationSchema = z.object({
  idempotencyKey: formId,
  recordId: formId,
  drug: requiredText('Enter the drug.', 200),
  dose: requiredText('Enter the dose with its unit (e.g. 0.2 mg/kg).', 200),
  route: z.enum(MedicationRoute, { error: 'Choose the route.' }),
  givenAt: dateTime('administration'),
  givenBy: requiredText('Say who gave it.', 200),
  notes: optionalText(1000),
})
export type AddMedicationInput = z.infer<typeof AddMedicationSchema>

// ───────────── items recovered in surgery ─────────────

export const RecordRecoveredItemSchema = z.object({
  idempotencyKey: formId,
  recordId: formId,
  description: requiredText('Describe the item (what it is, where it was lodged).', 2000),
  category: z.enum(EvidenceCategory, { error: 'Choose the category of evidence.' }),
  sealNumber: requiredText('Enter the number on the evidence bag’s seal.', 100),
  recoveredAt: dateTime('recovery'),
  notes: optionalText(2000),
})
export type RecordRecoveredItemInput = z.infer<typeof RecordRecoveredItemSchema>

/** The medical list's search parameters (from the URL: untrusted; anything malformed is ignored). */
export const ListMedicalSchema = z.object({
  /** A dog's id (links from its profile), or what a person types: "Rex", "K9-2008", "Rex (K9-2008)". */
  dog: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  /** Words of the record (its problem, findings, diagnosis, treatment, procedure, outcome or clinic), read as search reads them. */
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  /** The page after this row ("Older"), or before it ("Newer"). */
  after: listCursor,
  before: listCursor,
  /** The page that starts with this day's last record. */
  jump: listDay,
  /** The oldest records. */
  end: z.literal('1').optional().catch(undefined),
})
export type ListMedicalInput = z.infer<typeof ListMedicalSchema>
