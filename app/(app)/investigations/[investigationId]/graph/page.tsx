import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { InvestigationIdSchema } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { getInvestigationGraph } from '@/lib/server/investigations/graph'
import { InvestigationGraph } from '../../_components/investigation-graph'

export const metadata: Metadata = { title: 'Investigation graph' }

export default async function InvestigationGraphPage({ params }: { params: Promise<{ investigationId: string }> }) {
  const actor = await requirePermission('investigations:read')
  const id = InvestigationIdSchema.safeParse((await params).investigationId)
  if (!id.success) notFound()
  const graph = await getInvestigationGraph(actor, id.data)
  if (!graph) notFound()
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  return (
    <>
      <PageHeader eyebrow={<Link href={`/investigations/${graph.investigationId}`} className="underline">{graph.number} · {graph.title}</Link>} title="Graph" subtitle="Linked records and how they relate. Solid: linked to the investigation; dashed: a record a linked one refers to." />
      {graph.nodes.length <= 1 ? (
        <EmptyState title="Nothing linked yet." />
      ) : (
        <>
          <InvestigationGraph nodes={graph.nodes} edges={graph.edges} />
          <Card title="Relations as a list" className="mt-4" id="relations">
            <ul className="space-y-1 text-sm">
              {graph.edges.map((e) => {
                const a = byId.get(e.from)!
                const b = byId.get(e.to)!
                return (
                  <li key={`${e.from}-${e.to}`}>
                    {a.href ? <Link href={a.href} className="link">{a.label}</Link> : a.label} <span className="text-slate-500">— {e.label} —</span>{' '}
                    {b.href ? <Link href={b.href} className="link">{b.label}</Link> : b.label}
                  </li>
                )
              })}
            </ul>
          </Card>
        </>
      )}
    </>
  )
}
