import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime } from '@/lib/format'
import { recordRefusal, requirePermission } from '@/lib/server/auth'
import { seesAllEvidence } from '@/lib/server/evidence/scope'
import { verifyAllChains } from '@/lib/server/evidence/verify'

export const metadata: Metadata = { title: 'Chain verification' }

/** The evidence-room report: every item's chain of custody recomputed now. */
export default async function EvidenceVerificationPage() {
  const actor = await requirePermission('evidence:read')
  if (!seesAllEvidence(actor)) {
    await recordRefusal(actor, 'evidence:verify-all')
    notFound()
  }
  const report = await verifyAllChains(actor)
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title="Chain verification"
        subtitle={`Every item's chain of custody recomputed from its events at ${formatDateTime(report.checkedAt)}.`}
      />
      {report.broken.length === 0 ? (
        <p role="status" className="mb-4 rounded-xl border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-900">
          All {report.checked} chains intact ({report.events} events verified in {report.durationMs} ms).
        </p>
      ) : (
        <p role="alert" className="mb-4 rounded-xl border border-red-300 bg-red-50 p-4 font-medium text-red-900">
          {report.broken.length} of {report.checked} chains do not verify ({report.events} events checked in {report.durationMs} ms).
        </p>
      )}
      {report.broken.length > 0 ? (
        <Card title="Broken chains" id="broken">
          <ul className="divide-y divide-slate-100">
            {report.broken.map((b) => (
              <li key={b.id} className="py-2">
                <Link href={`/evidence/${b.id}`} className="font-semibold text-brand-700 underline">{b.number}</Link>{' '}
                <span className="text-sm text-slate-700">{b.description}</span>
                <p className="text-sm text-red-800">
                  {!b.ok && b.brokenAtSequence !== null ? `Broken at event #${b.brokenAtSequence}` : 'Head does not match the last event'} ({b.ok ? '' : b.reason})
                </p>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  )
}
