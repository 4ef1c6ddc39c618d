import { IdSchema } from '@/lib/schemas/evidence'
import { authorizeRoute } from '@/lib/server/auth'
import { generateCustodyReport } from '@/lib/server/evidence/report'

/**
 * GET /evidence/<id>/custody-report: the item's chain-of-custody report as a
 * PDF, generated on demand and audited. 404 for an item outside the actor's
 * scope, exactly like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ evidenceId: string }> }) {
  const auth = await authorizeRoute(request, 'evidence:read')
  if ('response' in auth) return auth.response
  const id = IdSchema.safeParse((await params).evidenceId)
  if (!id.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const report = await generateCustodyReport(auth.actor, id.data)
  if (!report) return Response.json({ error: 'Not found.' }, { status: 404 })
  return new Response(Buffer.from(report.bytes), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${report.fileName}"`,
      'Content-Length': String(report.bytes.length),
      'Cache-Control': 'no-store',
      'X-Content-SHA256': report.sha256,
    },
  })
}
