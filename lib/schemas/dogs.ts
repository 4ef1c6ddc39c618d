import { z } from 'zod'
import { DogSpecialty, DogStatus } from '@/lib/generated/prisma/enums'

export const DOG_SORTS = ['name', 'k9Number', 'status', 'age'] as const

/** The dogs list's search parameters (untrusted: they come from the URL). */
export const ListDogsSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(DogStatus).optional().catch(undefined),
  specialty: z.enum(DogSpecialty).optional().catch(undefined),
  handler: z.uuid().optional().catch(undefined),
  sort: z.enum(DOG_SORTS).default('name').catch('name'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListDogsInput = z.infer<typeof ListDogsSchema>

export const IdSchema = z.uuid()
