import { exportAuditCsv } from '@/lib/server/audit-queries'
import { authorizeRoute } from '@/lib/server/auth'
import { AuditFilterSchema } from '@/lib/schemas/users'

/** GET /admin/audit/export?…filters: the filtered audit trail as CSV (audit:read; the export itself is audited). */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute(request, 'audit:read')
  if ('response' in auth) return auth.response
  // A hand-edited query string is answered with what is wrong, not a 500 (hostile-input suite, decision 017).
  const parsed = AuditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) {
    const problem = parsed.error.issues[0]
    const field = problem?.path.map(String).join('.')
    return Response.json({ error: `The export filters are not valid${field ? ` (${field}: ${problem!.message})` : ''}. Set them again on the audit page.` }, { status: 400 })
  }
  const lines = await exportAuditCsv(auth.actor, parsed.data)
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next()
      if (done) controller.close()
      else controller.enqueue(encoder.encode(value))
    },
    async cancel() {
      await lines.return(undefined)
    },
  })
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-trail-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
