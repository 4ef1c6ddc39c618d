import { z } from 'zod'
import { InvestigationIdSchema } from '@/lib/schemas/investigations'
import { authorizeRoute } from '@/lib/server/auth'
import { searchMentionsFor } from '@/lib/server/investigations/mentions'

const QuerySchema = z.string().trim().min(1).max(100)

/**
 * GET /investigations/<id>/mentions?q=…: the records matching q that the
 * actor may read, for the case-note mention picker. 404 unless the actor may
 * write notes on this investigation.
 */
export async function GET(request: Request, { params }: { params: Promise<{ investigationId: string }> }) {
  const auth = await authorizeRoute(request, 'investigations:manage')
  if ('response' in auth) return auth.response
  const id = InvestigationIdSchema.safeParse((await params).investigationId)
  if (!id.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const q = QuerySchema.safeParse(new URL(request.url).searchParams.get('q') ?? '')
  if (!q.success) return Response.json({ results: [] }, { headers: { 'Cache-Control': 'no-store' } })
  const results = await searchMentionsFor(auth.actor, id.data, q.data)
  if (!results) return Response.json({ error: 'Not found.' }, { status: 404 })
  return Response.json({ results }, { headers: { 'Cache-Control': 'no-store' } })
}
