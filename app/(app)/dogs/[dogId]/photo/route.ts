import { Readable } from 'node:stream'
import { z } from 'zod'
import { isAppError } from '@/lib/errors'
import { authorizeRoute } from '@/lib/server/auth'
import { MAX_PHOTO_BYTES, setDogPhoto } from '@/lib/server/dogs/commands'
import { openDogPhoto } from '@/lib/server/dogs/queries'

const ParamsSchema = z.object({ dogId: z.uuid() })
const UploadSchema = z.object({ version: z.coerce.number().int().min(1) })

/** The dog's photo, re-hashed before it is served; never from a static folder, never through next/image (STACK.md). */
export async function GET(request: Request, { params }: { params: Promise<{ dogId: string }> }) {
  const auth = await authorizeRoute(request, 'dogs:read')
  if ('response' in auth) return auth.response
  const parsed = ParamsSchema.safeParse(await params)
  if (!parsed.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const photo = await openDogPhoto(auth.actor, parsed.data.dogId)
  if (!photo) return Response.json({ error: 'Not found.' }, { status: 404 })
  return new Response(Readable.toWeb(photo.stream) as ReadableStream, {
    headers: {
      'Content-Type': photo.mediaType,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=3600',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-SHA256': photo.sha256,
    },
  })
}

/**
 * Upload a photo (a plain multipart form, so it works without JavaScript and
 * above the server actions' 1 MB body limit). Answers with a redirect back to
 * the profile, saying what happened in ?photo=.
 */
export async function POST(request: Request, { params }: { params: Promise<{ dogId: string }> }) {
  const auth = await authorizeRoute(request, 'dogs:manage')
  if ('response' in auth) return auth.response
  const parsed = ParamsSchema.safeParse(await params)
  if (!parsed.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const back = (result: string) => Response.redirect(new URL(`/dogs/${parsed.data.dogId}?photo=${result}#manage`, request.url), 303)
  // Refuse an oversized body before reading it (the multipart envelope adds a little).
  if (Number(request.headers.get('content-length') ?? '0') > MAX_PHOTO_BYTES + 64 * 1024) return back('too-large')
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    return back('invalid')
  }
  const version = UploadSchema.safeParse({ version: form.get('version') })
  const file = form.get('photo')
  if (!version.success || !(file instanceof File)) return back('invalid')
  try {
    await setDogPhoto(auth.actor, { dogId: parsed.data.dogId, version: version.data.version }, new Uint8Array(await file.arrayBuffer()))
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === 'NOT_FOUND') return Response.json({ error: 'Not found.' }, { status: 404 })
      return back(error.code === 'CONFLICT' ? 'conflict' : error.fieldErrors?.photo?.[0]?.startsWith('The photo must be under') ? 'too-large' : error.code === 'VALIDATION' ? 'not-an-image' : 'invalid')
    }
    throw error
  }
  return back('saved')
}
