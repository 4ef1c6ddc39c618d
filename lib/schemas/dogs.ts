import { z } from 'zod'
import { DogSex, DogSpecialty, DogStatus } from '@/lib/generated/prisma/enums'
import { storableText } from '@/lib/text'

export const DOG_SORTS = ['name', 'k9Number', 'status', 'age'] as const

/** The dogs list's search parameters (untrusted: they come from the URL). */
export const ListDogsSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  status: z.enum(DogStatus).optional().catch(undefined),
  specialty: z.enum(DogSpecialty).optional().catch(undefined),
  /** A handler's id (old links), or what a person types: a badge number, a last name, "Carter, Luke (B-1042)"; the list resolves it. */
  handler: z
    .string()
    .trim()
    .max(100)
    .transform((v) => storableText(v) || undefined)
    .optional()
    .catch(undefined),
  sort: z.enum(DOG_SORTS).default('name').catch('name'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListDogsInput = z.infer<typeof ListDogsSchema>

export const IdSchema = z.uuid()

// ───────────────────────────── supervisor writes (issue 4) ─────────────────────────────

const DAY = /^\d{4}-\d{2}-\d{2}$/

const version = z.coerce.number({ error: 'This form is out of date. Reload the page.' }).int().min(1, 'This form is out of date. Reload the page.')

/** A calendar date from `<input type="date">` (stored as a date, midnight UTC). */
const date = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .regex(DAY, `Enter the ${what}.`)
    .transform((v) => new Date(`${v}T00:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1990 && d.getUTCFullYear() <= 2100, `That ${what} is not a real date.`)

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

const requiredText = (message: string, max: number, min = 1) =>
  z
    .string({ error: message })
    .trim()
    .min(min, message)
    .max(max, `Keep it under ${max.toLocaleString('en-GB')} characters.`)

export const ChangeDogStatusSchema = z.object({
  dogId: z.uuid(),
  version,
  toStatus: z.enum(DogStatus, { error: 'Choose the new status.' }),
  reason: requiredText('Say why the status changes (at least 5 characters).', 2000, 5),
})
export type ChangeDogStatusInput = z.infer<typeof ChangeDogStatusSchema>

export const SetFitForDutySchema = z.object({
  dogId: z.uuid(),
  version,
  fitForDuty: z.enum(['yes', 'no'], { error: 'Say whether the dog is fit for duty.' }).transform((v) => v === 'yes'),
  note: optionalText(2000),
})
export type SetFitForDutyInput = z.infer<typeof SetFitForDutySchema>

export const AssignHandlerSchema = z
  .object({
    dogId: z.uuid(),
    /** The handler's id (from code and tests)… */
    handlerId: z.uuid({ error: 'Choose the new handler.' }).optional(),
    /** …or, from the form, a badge number or a name the server resolves (a unit has thousands of handlers: no list to pick from). */
    handler: optionalText(200),
    startedAt: date('start date of the pairing'),
    /** Why the current pairing ends (kept on the ended assignment). */
    endReason: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (!v.handlerId && !v.handler) ctx.addIssue({ code: 'custom', path: ['handler'], message: 'Enter the new handler’s badge number or name.' })
  })
export type AssignHandlerInput = z.infer<typeof AssignHandlerSchema>

const certificationDates = <T extends { issuedAt: Date; expiresAt: Date }>(v: T, ctx: z.RefinementCtx) => {
  if (v.expiresAt <= v.issuedAt) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'The expiry date must come after the issue date.' })
}

export const AddCertificationSchema = z
  .object({
    dogId: z.uuid(),
    kind: requiredText('Enter the certification (e.g. “Patrol dog, level 1”).', 200),
    issuer: requiredText('Enter who issued it.', 200),
    certificateNumber: optionalText(100),
    issuedAt: date('issue date'),
    expiresAt: date('expiry date'),
    notes: optionalText(2000),
  })
  .superRefine(certificationDates)
export type AddCertificationInput = z.infer<typeof AddCertificationSchema>

/** A renewal archives the old certificate and records the new one (same kind and issuer unless changed). */
export const RenewCertificationSchema = z
  .object({
    dogId: z.uuid(),
    certificationId: z.uuid(),
    version,
    certificateNumber: optionalText(100),
    issuedAt: date('issue date'),
    expiresAt: date('expiry date'),
  })
  .superRefine(certificationDates)
export type RenewCertificationInput = z.infer<typeof RenewCertificationSchema>

const dogShape = {
  k9Number: requiredText('Enter the K-9 number (e.g. K9-101).', 20).regex(/^[A-Za-z0-9-]+$/, 'A K-9 number has letters, digits and dashes only (e.g. K9-101).'),
  name: requiredText('Enter the dog’s name.', 60),
  breed: requiredText('Enter the breed.', 100),
  sex: z.enum(DogSex, { error: 'Choose the sex.' }),
  dateOfBirth: date('date of birth').refine((d) => d.getTime() <= Date.now(), 'The date of birth cannot be in the future.'),
  microchip: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().regex(/^\d{9,15}$/, 'A microchip number has 9 to 15 digits.').nullable()),
  specialties: z
    .union([z.enum(DogSpecialty, { error: 'Choose specialties from the list.' }), z.array(z.enum(DogSpecialty, { error: 'Choose specialties from the list.' }))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v])),
  notes: optionalText(4000),
}

export const CreateDogSchema = z.object(dogShape)
export type CreateDogInput = z.infer<typeof CreateDogSchema>

/** The dog's particulars (status and fitness have their own forms, with a reason). */
export const EditDogSchema = z.object({ dogId: z.uuid(), version, ...dogShape })
export type EditDogInput = z.infer<typeof EditDogSchema>
