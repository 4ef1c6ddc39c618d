import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getDogManagement } from '@/lib/server/dogs/queries'
import { DogForm } from '../../_components/dog-form'

export const metadata: Metadata = { title: 'Edit dog' }

export default async function EditDogPage({ params }: { params: Promise<{ dogId: string }> }) {
  const actor = await requirePermission('dogs:manage')
  const id = IdSchema.safeParse((await params).dogId)
  if (!id.success) notFound()
  const dog = await getDogManagement(actor, id.data)
  if (!dog) notFound()
  return (
    <>
      <PageHeader eyebrow={<Link href={`/dogs/${dog.id}`} className="underline">{dog.name}</Link>} title={`Edit ${dog.name}`} subtitle="Status and fitness for duty are changed on the profile, with a reason." />
      <Card className="max-w-2xl">
        <DogForm
          dog={{ id: dog.id, version: dog.version }}
          defaults={{
            name: dog.name,
            k9Number: dog.k9Number,
            breed: dog.breed,
            sex: dog.sex,
            dateOfBirth: dog.dateOfBirth.toISOString().slice(0, 10),
            microchip: dog.microchip ?? '',
            specialties: dog.specialties.join(','),
            notes: dog.notes ?? '',
          }}
        />
      </Card>
    </>
  )
}
