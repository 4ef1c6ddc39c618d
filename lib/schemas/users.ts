import { z } from 'zod'
import { AuditOutcome, Role } from '@/lib/generated/prisma/enums'
import { storableText } from '@/lib/text'

/** Inputs of user administration and the audit-trail viewer (untrusted until parsed). */

const userId = z.uuid({ message: 'Unknown user.' })
const version = z.coerce.number().int().min(1)

export const CreateUserSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter the e-mail address.')
    .max(254, 'That e-mail address is too long.')
    .pipe(z.email({ message: 'Enter an e-mail address like name@agency.gov.' })),
  name: z.string().trim().min(2, 'Enter the full name.').max(120, 'Use at most 120 characters.'),
  role: z.enum(Role, { message: 'Choose a role.' }),
  /** The handler profile to link, by id (from code and tests)… */
  handlerId: z
    .union([z.literal(''), z.uuid()])
    .optional()
    .transform((v) => v || null),
  /** …or, from the form, its badge number or name, which the command resolves (a state unit has thousands of handlers: no list to pick from). Empty: none. */
  handler: z
    .string()
    .trim()
    .max(200, 'Keep it under 200 characters.')
    .transform((v) => storableText(v) || undefined)
    .optional(),
})
export type CreateUserInput = z.infer<typeof CreateUserSchema>

export const ChangeRoleSchema = z.object({
  userId,
  version,
  role: z.enum(Role, { message: 'Choose a role.' }),
})
export type ChangeRoleInput = z.infer<typeof ChangeRoleSchema>

/** Deactivate, reactivate, unlock, reset MFA, reset password, end sessions: the user and the version the admin saw. */
export const UserTargetSchema = z.object({ userId, version })
export type UserTargetInput = z.infer<typeof UserTargetSchema>

export const USER_STATUSES = ['active', 'locked', 'inactive'] as const

export const ListUsersSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  role: z.enum(Role).optional().catch(undefined),
  status: z.enum(USER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListUsersInput = z.infer<typeof ListUsersSchema>

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

/** Audit-trail filters, from the URL: who, what, which record, when. */
export const AuditFilterSchema = z.object({
  actor: z.string().trim().max(254).transform(storableText).optional().catch(undefined),
  action: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  entityType: z.string().trim().max(60).transform(storableText).optional().catch(undefined),
  entityId: z.string().trim().max(100).transform(storableText).optional().catch(undefined),
  outcome: z.enum(AuditOutcome).optional().catch(undefined),
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: day,
  to: day,
  /** Keyset cursor "<ms since epoch>.<seq>": show the events older than that one (newest first by at, then seq). */
  before: z
    .string()
    .regex(/^\d{1,15}\.\d{1,19}$/)
    .transform((v) => {
      const [ms, seq] = v.split('.') as [string, string]
      return { at: new Date(Number(ms)), seq: BigInt(seq) }
    })
    // 19 digits can exceed bigint (9223372036854775807): PostgreSQL would answer with an error, so such a cursor is ignored.
    .refine((c) => c.seq <= 9223372036854775807n && !Number.isNaN(c.at.getTime()))
    .optional()
    .catch(undefined),
})
export type AuditFilterInput = z.infer<typeof AuditFilterSchema>

/** A user id from a route parameter. */
export const UserIdParamSchema = z.uuid()
