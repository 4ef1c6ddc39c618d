import { z } from 'zod'

const stale = 'This form is out of date. Reload the page and try again.'

/** Acknowledging a welfare alert: the note is required (issue 8) — say what is being done about it. */
export const AcknowledgeAlertSchema = z.object({
  alertId: z.uuid({ message: stale }),
  version: z.coerce.number({ message: stale }).int().min(1),
  note: z
    .string({ message: 'Write a note: what is being done about this alert, and by whom.' })
    .trim()
    .min(5, { message: 'Write a note: what is being done about this alert, and by whom.' })
    .max(2000, { message: 'Keep it under 2000 characters.' }),
})
export type AcknowledgeAlertInput = z.infer<typeof AcknowledgeAlertSchema>

/** The alerts page's filter (from the URL: untrusted). */
export const ListAlertsSchema = z.object({
  show: z.enum(['open', 'all']).default('open').catch('open'),
  /** The page of unresolved alerts (a malformed one is the first). */
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
})
export type ListAlertsInput = z.infer<typeof ListAlertsSchema>
