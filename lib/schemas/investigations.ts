import { z } from 'zod'
import { InvestigationStatus, LinkRelation, LinkTargetType } from '@/lib/generated/prisma/enums'
import { storableText } from '@/lib/text'
import { MAX_TEAM_FIELDS } from '@/lib/choices'
import { collectNumbered } from './numbered'

export const InvestigationIdSchema = z.uuid()

/** The investigation list's search parameters (from the URL: untrusted). */
export const ListInvestigationsSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  status: z.enum(InvestigationStatus).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListInvestigationsInput = z.infer<typeof ListInvestigationsSchema>

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')

/** The finder's search parameters (URL). Bad values fall back to the defaults. */
export const FinderParamsSchema = z.object({
  /** A dog's id (links), or its call name or K-9 number as typed; the page resolves it (a state unit has thousands of dogs: no list). Empty: the case's subject dog. */
  dog: z
    .string()
    .trim()
    .max(200)
    .transform((v) => storableText(v) || undefined)
    .optional()
    .catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
})
export type FinderParams = z.infer<typeof FinderParamsSchema>

/** An optional free-text field; an empty string means "none" (the command stores null). */
const optionalText = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional()

export const AddLinkSchema = z.object({
  investigationId: z.uuid('Choose an investigation.'),
  targetType: z.enum(LinkTargetType, 'Choose what kind of record this is.'),
  targetId: z.uuid('That record could not be found.'),
  relation: z.enum(LinkRelation, 'Choose how the record relates to the case.'),
  note: optionalText(1000),
})
export type AddLinkInput = z.infer<typeof AddLinkSchema>

export const RemoveLinkSchema = z.object({
  investigationId: z.uuid(),
  linkId: z.uuid(),
  reason: z.string().trim().min(3, 'Say why the link is removed (at least 3 characters).').max(500, 'Keep it under 500 characters.'),
})
export type RemoveLinkInput = z.infer<typeof RemoveLinkSchema>

export const AddCaseNoteSchema = z.object({
  investigationId: z.uuid(),
  body: z.string().trim().min(1, 'Write the note first.').max(10_000, 'Keep a note under 10,000 characters.'),
})
export type AddCaseNoteInput = z.infer<typeof AddCaseNoteSchema>

export const CreateInvestigationSchema = z.preprocess(
  (raw) => collectNumbered(raw, 'members', MAX_TEAM_FIELDS),
  z.object({
    title: z.string().trim().min(3, 'Give the investigation a title (at least 3 characters).').max(200, 'Keep the title under 200 characters.'),
    summary: z.string().trim().min(1, 'Write a short summary of what is being investigated.').max(5000, 'Keep the summary under 5,000 characters.'),
    /** Team members by id (code and tests)… */
    memberIds: z
      .union([z.uuid(), z.array(z.uuid())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    /** …or, from the form (`members.<i>`), each by name or e-mail; an empty entry is skipped. */
    members: z
      .array(z.string().trim().max(200, 'Keep it under 200 characters.'))
      .optional()
      .transform((v) => v ?? []),
  }),
)
export type CreateInvestigationInput = z.infer<typeof CreateInvestigationSchema>

/** Words for the relation enum, as a detective would say them. */
export const RELATION_LABELS: Record<LinkRelation, string> = {
  INJURED_DURING: 'Injured during',
  IMAGED_IN: 'Imaged in',
  RECOVERED_FROM: 'Recovered from',
  SUBMITTED_AS: 'Submitted as',
  LEAD: 'Lead',
  SUBJECT: 'Subject',
  RELATED: 'Related',
}

export const TARGET_LABELS: Record<LinkTargetType, string> = {
  INCIDENT: 'Incidents',
  DEPLOYMENT: 'Deployments',
  DOG: 'Dogs',
  HANDLER: 'Handlers',
  MEDICAL_RECORD: 'Medical records',
  ATTACHMENT: 'Attachments and images',
  EVIDENCE_ITEM: 'Evidence items',
  LAB_RESULT: 'Lab results',
}

/** /investigations/link?type=…&id=…[&investigation=…] (URL: untrusted). */
export const LinkTargetParamsSchema = z.object({
  type: z.enum(LinkTargetType),
  id: z.uuid(),
  investigation: z.uuid().optional().catch(undefined),
})

export const ChangeInvestigationStatusSchema = z
  .object({
    investigationId: z.uuid(),
    status: z.enum(InvestigationStatus, 'Choose a status.'),
    disposition: z.string().trim().max(1000, 'Keep the disposition under 1,000 characters.').optional(),
    version: z.coerce.number().int().min(1),
  })
  .refine((v) => v.status !== 'CLOSED' || (v.disposition ?? '').length >= 3, { path: ['disposition'], message: 'Closing needs a disposition: how the investigation ended.' })
export type ChangeInvestigationStatusInput = z.infer<typeof ChangeInvestigationStatusSchema>

/** Take someone off the team (the page's button: by id). */
export const TeamMemberSchema = z.object({
  investigationId: z.uuid(),
  userId: z.uuid('Choose a person.'),
})
export type TeamMemberInput = z.infer<typeof TeamMemberSchema>

/** Put someone on the team: by id (code and tests), or typed by name or e-mail (`person`: thousands of officers, no list). */
export const AddTeamMemberSchema = z
  .object({
    investigationId: z.uuid(),
    userId: z.uuid('Choose a person.').optional(),
    person: z.string().trim().max(200, 'Keep it under 200 characters.').optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.userId && !v.person) ctx.addIssue({ code: 'custom', path: ['person'], message: 'Enter the person’s name or e-mail address.' })
  })
export type AddTeamMemberInput = z.infer<typeof AddTeamMemberSchema>

/** Link a record by the number people use for it: an incident number, an evidence number, a K-9 number or a badge number. */
export const AddLinkByReferenceSchema = z.object({
  investigationId: z.uuid(),
  reference: z.string().trim().min(3, 'Enter an incident, evidence, K-9 or badge number.').max(40, 'That is not a record number.'),
  relation: z.enum(LinkRelation, 'Choose how the record relates to the case.'),
  note: optionalText(1000),
})
export type AddLinkByReferenceInput = z.infer<typeof AddLinkByReferenceSchema>
