import { InvestigationIdSchema } from '@/lib/schemas/investigations'
import { authorizeRoute } from '@/lib/server/auth'
import { generateCaseFile } from '@/lib/server/investigations/case-file'

/**
 * GET /investigations/<id>/case-file[?medical=omit]: the court case file as a
 * PDF download, generated on demand and audited. 404 for an investigation the
 * actor may not see, exactly like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ investigationId: string }> }) {
  const auth = await authorizeRoute(request, 'investigations:read')
  if ('response' in auth) return auth.response
  const id = InvestigationIdSchema.safeParse((await params).investigationId)
  if (!id.success) return Response.json({ error: 'Not found.' }, { status: 404 })
  const includeMedical = new URL(request.url).searchParams.get('medical') !== 'omit'
  const file = await generateCaseFile(auth.actor, id.data, { includeMedical })
  if (!file) return Response.json({ error: 'Not found.' }, { status: 404 })
  return new Response(Buffer.from(file.bytes), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Content-Length': String(file.bytes.length),
      'Cache-Control': 'no-store',
      'X-Content-SHA256': file.sha256,
    },
  })
}
