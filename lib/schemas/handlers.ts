import { z } from 'zod'
import { storableText } from '@/lib/text'

/** The handlers list's search parameters (untrusted: they come from the URL). */
export const ListHandlersSchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .transform((v) => storableText(v) || undefined)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ListHandlersInput = z.infer<typeof ListHandlersSchema>

const requiredText = (message: string, max: number) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max} characters.`)

const handlerShape = {
  badgeNumber: requiredText('Enter the badge number.', 40).regex(/^[A-Za-z0-9-]+$/, 'A badge number has letters, digits and dashes only (e.g. B-1047).'),
  firstName: requiredText('Enter the first name.', 100),
  lastName: requiredText('Enter the last name.', 100),
  rank: requiredText('Enter the rank (e.g. Officer, Sergeant).', 60),
  unit: requiredText('Enter the unit.', 100),
  phone: z
    .string()
    .trim()
    .max(40, 'Keep it under 40 characters.')
    .regex(/^[0-9 +()./-]*$/, 'A phone number has digits, spaces and + ( ) - only.')
    .optional()
    .transform((v) => (v ? v : null)),
}

export const CreateHandlerSchema = z.object(handlerShape)
export type CreateHandlerInput = z.infer<typeof CreateHandlerSchema>

export const EditHandlerSchema = z.object({
  handlerId: z.uuid(),
  version: z.coerce.number({ error: 'This form is out of date. Reload the page.' }).int().min(1, 'This form is out of date. Reload the page.'),
  ...handlerShape,
  active: z
    .union([z.literal('yes'), z.literal('on'), z.literal('')])
    .optional()
    .transform((v) => v === 'yes' || v === 'on'),
})
export type EditHandlerInput = z.infer<typeof EditHandlerSchema>
