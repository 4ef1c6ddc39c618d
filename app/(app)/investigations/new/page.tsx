import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/server/auth'
import { CreateInvestigationForm } from '../_components/forms'

export const metadata: Metadata = { title: 'Open an investigation' }

export default async function NewInvestigationPage() {
  await requirePermission('investigations:manage')
  return (
    <>
      <PageHeader eyebrow={<Link href="/investigations" className="underline">Investigations</Link>} title="Open an investigation" subtitle="It gets the next number (INV-year-NNNN) when you save. You can link records from its page or from any record’s page." />
      <Card>
        <CreateInvestigationForm />
      </Card>
    </>
  )
}
