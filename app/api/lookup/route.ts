import { z } from 'zod'
import { authorizeRoute } from '@/lib/server/auth'
import { LOOKUP_KINDS, suggest } from '@/lib/server/lookup'

const QuerySchema = z.object({ kind: z.enum(LOOKUP_KINDS), q: z.string().transform((q) => q.trim().slice(0, 100)) })

/**
 * GET /api/lookup?kind=<LOOKUP_KINDS>&q=…: suggestions for a typed dog,
 * handler or person field. 404 when the kind is unknown
 * or not the actor's to look up.
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, 'authenticated')
  if ('response' in auth) return auth.response
  const params = new URL(request.url).searchParams
  const input = QuerySchema.safeParse({ kind: params.get('kind') ?? '', q: params.get('q') ?? '' })
  if (!input.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const results = await suggest(auth.actor, input.data.kind, input.data.q)
  if (!results) return Response.json({ error: 'Not found.' }, { status: 404 })
  return Response.json({ results }, { headers: { 'Cache-Control': 'private, no-store' } })
}
