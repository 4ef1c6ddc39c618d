import { z } from 'zod'
import { AttachmentModality } from '@/lib/generated/prisma/enums'

/**
 * Uploads (docs/decisions/015-uploads.md). The route handler validates the
 * query string with it; the upload form (client) imports only its types, and
 * the size limit from lib/choices.ts.
 */

/** What a file can be attached to. */
export const UPLOAD_TARGETS = ['medicalRecord', 'evidenceItem', 'labResult', 'incident'] as const
export type UploadTarget = (typeof UPLOAD_TARGETS)[number]

/** Which targets take imaging metadata (modality, view, body region). */
export const IMAGING_TARGETS: readonly UploadTarget[] = ['medicalRecord']

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Keep it under ${max} characters.` })
    .optional()
    .transform((v) => (v ? v : undefined))

/** The query string of POST /api/uploads (untrusted). Empty strings count as absent. */
export const UploadMetaSchema = z.object({
  target: z.enum(UPLOAD_TARGETS, { message: 'Say what the file belongs to.' }),
  targetId: z.uuid({ message: 'This form is out of date. Reload the page and try again.' }),
  fileName: z
    .string({ message: 'Choose a file to upload.' })
    .trim()
    .min(1, { message: 'Choose a file to upload.' })
    .max(255, { message: 'The file name must be under 255 characters. Rename the file and try again.' }),
  description: optionalText(1000),
  modality: z.preprocess((v) => (v === '' ? undefined : v), z.enum(AttachmentModality, { message: 'Choose a modality from the list.' }).optional()),
  view: optionalText(100),
  bodyRegion: optionalText(100),
  capturedAt: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.date({ message: 'Enter the date and time the image was taken.' })
      .refine((d) => d.getTime() <= Date.now() + 5 * 60_000, { message: 'The capture time cannot be in the future.' })
      .optional(),
  ),
})
export type UploadMetaInput = z.infer<typeof UploadMetaSchema>

/** The JSON a refused upload answers with: a message and, where it belongs to one, the field. */
export type UploadErrorBody = { error: string; fieldErrors?: Partial<Record<keyof UploadMetaInput | 'file', string[]>> }
/** The JSON a stored upload answers with. */
export type UploadOkBody = { id: string; sha256: string; mediaType: string; sizeBytes: number; fileName: string }
