import { UploadMetaSchema } from '@/lib/schemas/uploads'
import { authorizeRoute } from '@/lib/server/auth'
import { receiveUpload } from '@/lib/server/uploads/commands'
import { TARGET_PERMISSION } from '@/lib/server/uploads/targets'

/**
 * Upload one file: the raw bytes as the body (application/octet-stream,
 * streamed to disk, never buffered), what it belongs to and its description
 * in the query string (docs/decisions/015-uploads.md). Not a server action:
 * their bodies are capped at 1 MB and buffered. proxy.ts does not run on
 * /api, so Next.js does not clone the body either.
 *
 *   POST /api/uploads?target=medicalRecord&targetId=…&fileName=…&description=…&modality=XRAY&view=…&bodyRegion=…
 *
 * 201 with { id, sha256, mediaType, sizeBytes, fileName }; 200 when these bytes
 * were already attached to that record; otherwise { error, fieldErrors }.
 */
export async function POST(request: Request) {
  // The target's permission when the target kind is valid; the rest is decided against the record.
  const kind = UploadMetaSchema.shape.target.safeParse(new URL(request.url).searchParams.get('target'))
  const auth = await authorizeRoute(request, kind.success ? TARGET_PERMISSION[kind.data] : 'authenticated')
  if ('response' in auth) return auth.response
  return receiveUpload(request, auth.actor)
}
