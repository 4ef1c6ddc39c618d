import { z } from 'zod'
import { listCursor, listDay } from './cursor'
import { EvidenceCategory, EvidenceStatus } from '@/lib/generated/prisma/enums'
import { storableText } from '@/lib/text'

/** The evidence list's search parameters (from the URL: untrusted). */
export const ListEvidenceSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  status: z.enum(EvidenceStatus).optional().catch(undefined),
  category: z.enum(EvidenceCategory).optional().catch(undefined),
  /** A custodian typed (a name, an e-mail or "Name (e-mail)") or, from older links, a user id: resolved by the list. */
  custodian: z.string().trim().max(200).transform((v) => storableText(v) || undefined).optional().catch(undefined),
  location: z.string().trim().max(50).optional().catch(undefined),
  /** Keyset pages (lib/server/keyset.ts): after or before a row, up to a day, the oldest end. */
  after: listCursor,
  before: listCursor,
  jump: listDay,
  end: z.literal('1').optional().catch(undefined),
})
export type ListEvidenceInput = z.infer<typeof ListEvidenceSchema>

/** The storage-locations page's search parameters (from the URL: untrusted). */
export const ListStorageLocationsSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListStorageLocationsInput = z.infer<typeof ListStorageLocationsSchema>

// ───────────── custody forms (shared by the form and its action) ─────────────

const id = z.uuid({ message: 'This form is out of date. Reload the page and try again.' })
/** The item version the user saw: a move against a newer state is a CONFLICT, not a silent overwrite. */
const version = z.coerce.number({ message: 'This form is out of date. Reload the page and try again.' }).int().min(1)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Keep it under ${max} characters.` })
    .optional()
    .transform((v) => (v ? v : undefined))
const requiredText = (max: number, message: string) => z.string({ message }).trim().min(1, { message }).max(max, { message: `Keep it under ${max} characters.` })
/** A required yes/no radio: the seal's state must be stated, never assumed. */
const sealIntact = z.enum(['yes', 'no'], { message: 'Say whether the seal was intact.' }).transform((v) => v === 'yes')

const base = { evidenceId: id, version }

export const TransferEvidenceSchema = z
  .object({
    ...base,
    /** The receiver's id (from code and tests)… */
    toUserId: z.uuid({ message: 'Choose the person who will receive the item.' }).optional(),
    /** …or, from the form, their name or e-mail ("Name (e-mail)" as suggested), which the command resolves: a state unit has thousands of officers, so there is no list to pick from. */
    toUser: optionalText(200),
    place: requiredText(200, 'Say where the hand-over takes place.'),
    purpose: requiredText(500, 'Say why the item is being handed over.'),
    sealIntact,
    notes: optionalText(2000),
  })
  // Runs even when another field failed, so a missing receiver is named in the same round (the value may be partly parsed).
  .superRefine(
    (v, ctx) => {
      if (!v.toUserId && !v.toUser) ctx.addIssue({ code: 'custom', path: ['toUser'], message: 'Enter the name or e-mail of the person who will receive the item.' })
    },
    { when: () => true },
  )
export type TransferEvidenceInput = z.infer<typeof TransferEvidenceSchema>

export const ConfirmReceiptSchema = z.object({
  ...base,
  place: requiredText(200, 'Say where you received the item.'),
  sealIntact,
  notes: optionalText(2000),
})
export type ConfirmReceiptInput = z.infer<typeof ConfirmReceiptSchema>

export const CancelTransferSchema = z.object({
  ...base,
  reason: requiredText(500, 'Say why the hand-over is cancelled.'),
  sealIntact,
  notes: optionalText(2000),
})
export type CancelTransferInput = z.infer<typeof CancelTransferSchema>

export const DeclineTransferSchema = z.object({
  ...base,
  reason: requiredText(500, 'Say why you decline the item (wrong item, broken seal…).'),
  sealIntact,
  notes: optionalText(2000),
})
export type DeclineTransferInput = z.infer<typeof DeclineTransferSchema>

export const StoreEvidenceSchema = z.object({
  ...base,
  locationId: z.uuid({ message: 'Choose a storage location.' }),
  sealIntact,
  notes: optionalText(2000),
})
export type StoreEvidenceInput = z.infer<typeof StoreEvidenceSchema>

export const CheckOutEvidenceSchema = z.object({
  ...base,
  purpose: requiredText(500, 'Say why the item is leaving storage (court, examination…).'),
  sealIntact,
  notes: optionalText(2000),
})
export type CheckOutEvidenceInput = z.infer<typeof CheckOutEvidenceSchema>

export const CheckInEvidenceSchema = StoreEvidenceSchema
export type CheckInEvidenceInput = StoreEvidenceInput

const dateTimeLocal = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined
    const d = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`)
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Enter a valid date and time.' })
      return z.NEVER
    }
    return d
  })

export const SubmitToLabSchema = z.object({
  ...base,
  lab: requiredText(200, 'Name the laboratory.'),
  question: requiredText(2000, 'Say what the lab should answer.'),
  labReference: optionalText(100),
  dueAt: dateTimeLocal,
  sealIntact,
  notes: optionalText(2000),
})
export type SubmitToLabInput = z.infer<typeof SubmitToLabSchema>

export const ReturnFromLabSchema = z.object({
  ...base,
  sealIntact,
  notes: optionalText(2000),
})
export type ReturnFromLabInput = z.infer<typeof ReturnFromLabSchema>

export const RecordLabResultSchema = z.object({
  evidenceId: id,
  requestId: z.uuid({ message: 'This form is out of date. Reload the page and try again.' }),
  examiner: requiredText(200, 'Name the examiner.'),
  method: requiredText(1000, 'Describe the method used.'),
  findings: requiredText(5000, 'Enter the findings.'),
  conclusion: requiredText(2000, 'Enter the conclusion.'),
  reportedAt: dateTimeLocal,
})
export type RecordLabResultInput = z.infer<typeof RecordLabResultSchema>

/** Intake: an officer at a scene, a vet in surgery or an evidence technician starts an item's custody. */
export const CollectEvidenceSchema = z.object({
  description: requiredText(2000, 'Describe the item.'),
  category: z.enum(EvidenceCategory, { message: 'Choose a category.' }),
  collectedAt: dateTimeLocal,
  collectedAtPlace: requiredText(200, 'Say where the item was collected.'),
  sealNumber: optionalText(100),
  incidentNumber: optionalText(50),
  medicalRecordId: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.uuid({ message: 'This form is out of date. Reload the page and try again.' }).optional()),
  sealIntact,
  notes: optionalText(2000),
})
export type CollectEvidenceInput = z.infer<typeof CollectEvidenceSchema>

/** How an item leaves the evidence room for good; every method needs a supervisor's approval first. */
export const DISPOSITION_METHODS = {
  DESTROY: 'Destroy',
  RETURN_TO_OWNER: 'Return to owner',
  RELEASE_TO_AGENCY: 'Release to another agency',
} as const
export type DispositionMethod = keyof typeof DISPOSITION_METHODS

export const RequestDispositionSchema = z.object({
  evidenceId: id,
  method: z.enum(Object.keys(DISPOSITION_METHODS) as [DispositionMethod, ...DispositionMethod[]], { message: 'Choose what should happen to the item.' }),
  reason: requiredText(2000, 'Give the reason (case closed, court order, retention period…).'),
})
export type RequestDispositionInput = z.infer<typeof RequestDispositionSchema>

export const DecideDispositionSchema = z.object({
  evidenceId: id,
  requestId: id,
  requestVersion: version,
  decision: z.enum(['approve', 'reject'], { message: 'Approve or reject the request.' }),
  note: optionalText(2000),
})
export type DecideDispositionInput = z.infer<typeof DecideDispositionSchema>

export const CarryOutDispositionSchema = z.object({
  ...base,
  requestId: id,
  recipient: optionalText(200),
  sealIntact,
  notes: optionalText(2000),
})
export type CarryOutDispositionInput = z.infer<typeof CarryOutDispositionSchema>

const shortText = (max: number) => optionalText(max)

/** A storage location of the evidence room (room, shelf, bin), named by the code on its label. */
export const CreateStorageLocationSchema = z.object({
  code: z
    .string({ message: 'Give the location a code.' })
    .trim()
    .toUpperCase()
    .min(1, { message: 'Give the location a code.' })
    .max(50, { message: 'Keep the code under 50 characters.' })
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, { message: 'Use letters, digits and dashes, e.g. EVR-A-03-02.' }),
  room: requiredText(100, 'Name the room.'),
  shelf: shortText(50),
  bin: shortText(50),
  description: shortText(200),
})
export type CreateStorageLocationInput = z.infer<typeof CreateStorageLocationSchema>

export const IdSchema = z.uuid()
