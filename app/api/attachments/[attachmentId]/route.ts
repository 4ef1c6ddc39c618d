import { authorizeRoute } from '@/lib/server/auth'
import { downloadAttachment } from '@/lib/server/uploads/download'

/**
 * Streams a stored file or its thumbnail/preview (lib/server/uploads/download.ts):
 * any signed-in user, then the owner record decides (404 outside scope), and
 * the bytes are re-hashed before they are sent (409 when they no longer match).
 * Never served from a static folder.
 */
export async function GET(request: Request, { params }: { params: Promise<{ attachmentId: string }> }) {
  const auth = await authorizeRoute(request, 'authenticated')
  if ('response' in auth) return auth.response
  return downloadAttachment(request, auth.actor, (await params).attachmentId)
}
