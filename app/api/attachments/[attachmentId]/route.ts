import { Readable } from 'node:stream'
import { z } from 'zod'
import { authorizeRoute } from '@/lib/server/auth'
import { openAttachmentForDownload } from '@/lib/server/medical/queries'

const ParamsSchema = z.object({ attachmentId: z.uuid() })

/**
 * Streams a stored file after checking who is asking and that the bytes still
 * hash to the SHA-256 recorded at upload. Never served from a static folder.
 */
export async function GET(request: Request, { params }: { params: Promise<{ attachmentId: string }> }) {
  const auth = await authorizeRoute(request, 'medical:read')
  if ('response' in auth) return auth.response
  const parsed = ParamsSchema.safeParse(await params)
  if (!parsed.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const opened = await openAttachmentForDownload(auth.actor, parsed.data.attachmentId)
  if (!opened) return Response.json({ error: 'Not found.' }, { status: 404 })
  if (!opened.ok) {
    return Response.json({ error: 'This file failed its integrity check and cannot be served. The failure is recorded in the audit trail.' }, { status: 409 })
  }
  const { attachment } = opened
  const download = new URL(request.url).searchParams.get('download') === '1'
  return new Response(Readable.toWeb(opened.stream) as ReadableStream, {
    headers: {
      'Content-Type': attachment.mediaType,
      'Content-Length': String(attachment.sizeBytes),
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${attachment.fileName.replace(/[^\w.-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
      'X-Content-SHA256': attachment.sha256,
    },
  })
}
