import { randomUUID } from 'node:crypto'
import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { z } from 'zod'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { MedicalRecordKind } from '@/lib/generated/prisma/enums'
import { requirePermission } from '@/lib/server/auth'
import { getMedicalFormOptions, lastClinicOf } from '@/lib/server/medical/queries'
import { toLocalInput } from '../../incidents/_components/dates'
import { NewMedicalRecordForm } from '../_components/medical-forms'

export const metadata: Metadata = { title: 'New medical record' }

const Params = z.object({
  dog: z.uuid().optional().catch(undefined),
  kind: z.enum(MedicalRecordKind).optional().catch(undefined),
})

/** Vets write a record for a dog: from /medical, or from the dog's profile (?dog=). */
export default async function NewMedicalRecordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('medical:write')
  const raw = await searchParams
  const params = Params.parse({ dog: typeof raw.dog === 'string' ? raw.dog : undefined, kind: typeof raw.kind === 'string' ? raw.kind : undefined })
  const [options, clinic] = await Promise.all([getMedicalFormOptions(actor, params.dog), lastClinicOf(actor)])
  const dog = options?.dog
  const defaults: Record<string, string> = {
    occurredAt: toLocalInput(new Date()),
    veterinarianId: options?.vets.some((v) => v.id === actor.id) ? actor.id : '',
    clinic: clinic ?? '',
    dog: dog?.label ?? '',
    kind: params.kind ?? '',
  }
  return (
    <>
      <PageHeader
        eyebrow={dog ? <><Link href="/medical" className="underline">Medical</Link> · <Link href={`/dogs/${dog.id}`} className="underline">{dog.label}</Link></> : <Link href="/medical" className="underline">Medical</Link>}
        title="New medical record"
        subtitle="An exam, an emergency admission, imaging, a surgery, a euthanasia decision, a discharge or a follow-up. Vital signs, medications and recovered items are added on the record once it is saved."
      />
      <Card className="max-w-3xl">
        {/* A new key per render: a double submit of this form opens the record the first submit created. */}
        <NewMedicalRecordForm vets={options?.vets ?? []} idempotencyKey={randomUUID()} defaults={defaults} />
      </Card>
    </>
  )
}
