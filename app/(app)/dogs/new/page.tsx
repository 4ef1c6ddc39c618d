import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/server/auth'
import { DogForm } from '../_components/dog-form'

export const metadata: Metadata = { title: 'New dog' }

export default async function NewDogPage() {
  await requirePermission('dogs:manage')
  return (
    <>
      <PageHeader eyebrow={<Link href="/dogs" className="underline">Dogs</Link>} title="New dog" subtitle="Pair the dog with a handler and add certifications from its profile." />
      <Card className="max-w-2xl">
        <DogForm defaults={{}} />
      </Card>
    </>
  )
}
