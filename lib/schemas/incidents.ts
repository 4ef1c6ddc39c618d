import { z } from 'zod'
import { Exposure, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

/** The incident list's search parameters (from the URL: untrusted). */
export const ListIncidentsSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z.enum(IncidentType).optional().catch(undefined),
  status: z.enum(IncidentStatus).optional().catch(undefined),
  exposure: z.enum(Exposure).optional().catch(undefined),
  dog: z.uuid().optional().catch(undefined),
  handler: z.uuid().optional().catch(undefined),
  from: day,
  to: day,
  sort: z.enum(['newest', 'oldest']).default('newest').catch('newest'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListIncidentsInput = z.infer<typeof ListIncidentsSchema>
