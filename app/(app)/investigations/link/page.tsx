import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { LinkRelation } from '@/lib/generated/prisma/enums'
import { formatDate } from '@/lib/format'
import { LinkTargetParamsSchema, RELATION_LABELS, TARGET_LABELS } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { getLinkTargetPreview, listManageableInvestigations } from '@/lib/server/investigations/queries'
import { AddLinkForm } from '../_components/forms'

export const metadata: Metadata = { title: 'Add to investigation' }

/** Suggested relation for each kind of record (the detective can change it). */
const DEFAULT_RELATION = {
  INCIDENT: 'RELATED',
  DEPLOYMENT: 'INJURED_DURING',
  DOG: 'SUBJECT',
  HANDLER: 'RELATED',
  MEDICAL_RECORD: 'RELATED',
  ATTACHMENT: 'IMAGED_IN',
  EVIDENCE_ITEM: 'RECOVERED_FROM',
  LAB_RESULT: 'SUBMITTED_AS',
} as const

/**
 * "Add to investigation" for any record: /investigations/link?type=INCIDENT&id=<uuid>
 * (types: INCIDENT, DEPLOYMENT, DOG, HANDLER, MEDICAL_RECORD, ATTACHMENT,
 * EVIDENCE_ITEM, LAB_RESULT; optional &investigation=<uuid> preselects one).
 * A record the detective may not read is a 404, like one that does not exist.
 */
export default async function AddToInvestigationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('investigations:manage')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const parsed = LinkTargetParamsSchema.safeParse({ type: pick('type'), id: pick('id'), investigation: pick('investigation') })
  if (!parsed.success) notFound()
  const { type, id, investigation } = parsed.data
  const [target, investigations] = await Promise.all([getLinkTargetPreview(actor, type, id), listManageableInvestigations(actor)])
  if (!target) notFound()
  return (
    <>
      <PageHeader eyebrow={<Link href="/investigations" className="underline">Investigations</Link>} title="Add to investigation" subtitle={`${TARGET_LABELS[type].replace(/s$/, '')}: ${target.title}`} />
      <Card className="mb-4" title="Record">
        <p className="font-medium">{target.href ? <Link href={target.href} className="link">{target.title}</Link> : target.title}</p>
        {target.subtitle ? <p className="text-sm text-slate-600">{target.subtitle}</p> : null}
        {target.date ? <p className="text-sm text-slate-600">{formatDate(target.date)}</p> : null}
      </Card>
      <Card title="Link">
        {investigations.length === 0 ? (
          <EmptyState title="You are not on any open investigation.">
            <Link href="/investigations/new" className="link">Open an investigation</Link> first.
          </EmptyState>
        ) : (
          <AddLinkForm
            investigations={investigations.map((i) => ({ value: i.id, label: `${i.number} · ${i.title}` }))}
            relations={Object.values(LinkRelation).map((r) => ({ value: r, label: RELATION_LABELS[r] }))}
            targetType={type}
            targetId={id}
            defaultInvestigationId={investigation && investigations.some((i) => i.id === investigation) ? investigation : investigations.length === 1 ? investigations[0]!.id : undefined}
            defaultRelation={DEFAULT_RELATION[type]}
          />
        )}
      </Card>
    </>
  )
}
