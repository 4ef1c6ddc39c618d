'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { CreateMedicalRecordSchema } from '@/lib/schemas/medical'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { createMedicalRecord } from '@/lib/server/medical/commands'

/** Writes a new medical record and opens it; a second submit of the same form opens the first one. */
export async function createMedicalRecordAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CreateMedicalRecordSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string; dogId: string | null }
  try {
    created = await createMedicalRecord(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/medical')
  if (created.dogId) revalidatePath(`/dogs/${created.dogId}`)
  redirect(`/medical/${created.id}`)
}
