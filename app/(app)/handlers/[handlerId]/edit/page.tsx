import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getHandlerForEdit } from '@/lib/server/handlers/queries'
import { HandlerForm } from '../../_components/handler-form'

export const metadata: Metadata = { title: 'Edit handler' }

export default async function EditHandlerPage({ params }: { params: Promise<{ handlerId: string }> }) {
  const actor = await requirePermission('handlers:manage')
  const id = IdSchema.safeParse((await params).handlerId)
  if (!id.success) notFound()
  const h = await getHandlerForEdit(actor, id.data)
  if (!h) notFound()
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/handlers/${h.id}`} className="underline">{h.rank} {h.firstName} {h.lastName}</Link>}
        title="Edit handler"
      />
      <Card className="max-w-2xl">
        <HandlerForm
          handler={{ id: h.id, version: h.version }}
          pairedDogs={h.assignments.map((a) => a.dog.name)}
          defaults={{ firstName: h.firstName, lastName: h.lastName, badgeNumber: h.badgeNumber, rank: h.rank, unit: h.unit, phone: h.phone ?? '', active: h.active ? 'yes' : '' }}
        />
      </Card>
    </>
  )
}
