import 'server-only'
import { Readable } from 'node:stream'
import { z } from 'zod'
import type { Actor } from '../actor'
import { openAttachment } from './queries'

const IdSchema = z.uuid()
const VariantSchema = z.enum(['original', 'thumbnail', 'preview']).catch('original')

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266); no quotes, slashes or control characters survive. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\w.() -]/g, '_').replace(/^\.+/, '_') || 'file'
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * GET /api/attachments/[id] after the session check: the file
 * (?variant=thumbnail|preview for its renditions) if the actor may read its
 * owner record and the bytes still hash to what was recorded (409 if not).
 * The original always goes out as an attachment with its sniffed type and
 * nosniff; an <img> still shows it, a navigation downloads it.
 */
export async function downloadAttachment(request: Request, actor: Actor, attachmentId: string): Promise<Response> {
  const id = IdSchema.safeParse(attachmentId)
  if (!id.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const variant = VariantSchema.parse(new URL(request.url).searchParams.get('variant') ?? undefined)
  const opened = await openAttachment(actor, id.data, variant)
  if (!opened) return Response.json({ error: 'Not found.' }, { status: 404 })
  if (!opened.ok) {
    return Response.json({ error: 'This file failed its integrity check and cannot be served. The failure is recorded in the audit trail.' }, { status: 409 })
  }
  return new Response(Readable.toWeb(opened.stream) as ReadableStream, {
    headers: {
      'Content-Type': opened.mediaType,
      ...(opened.sizeBytes !== null ? { 'Content-Length': String(opened.sizeBytes) } : {}),
      'Content-Disposition': contentDisposition(variant === 'original' ? 'attachment' : 'inline', opened.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-SHA256': opened.sha256,
    },
  })
}
