import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/server/auth'
import { HandlerForm } from '../_components/handler-form'

export const metadata: Metadata = { title: 'New handler' }

export default async function NewHandlerPage() {
  await requirePermission('handlers:manage')
  return (
    <>
      <PageHeader eyebrow={<Link href="/handlers" className="underline">Handlers</Link>} title="New handler" />
      <Card className="max-w-2xl">
        <HandlerForm defaults={{ rank: 'Officer', unit: 'K-9 Unit' }} />
      </Card>
    </>
  )
}
