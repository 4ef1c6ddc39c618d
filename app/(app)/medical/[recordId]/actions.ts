'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { AddMedicationSchema, AddVitalSignsSchema, AmendMedicalRecordSchema, RecordRecoveredItemSchema } from '@/lib/schemas/medical'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { addMedication, addVitalSigns, amendMedicalRecord, recordRecoveredItem } from '@/lib/server/medical/commands'

/** The record's author amends it (reason required; refused on a stale version, input kept) and returns to the record. */
export async function amendMedicalRecordAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AmendMedicalRecordSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await amendMedicalRecord(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/medical')
  revalidatePath(`/medical/${parsed.data.recordId}`)
  redirect(`/medical/${parsed.data.recordId}#amendments`)
}

/** Adds one or several vital-sign readings to the record. */
export async function addVitalSignsAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddVitalSignsSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let result: { count: number }
  try {
    result = await addVitalSigns(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/medical/${parsed.data.recordId}`)
  return { status: 'success', message: result.count === 1 ? '1 reading added.' : `${result.count} readings added.` }
}

/** Adds a medication given to the dog. */
export async function addMedicationAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddMedicationSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addMedication(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/medical/${parsed.data.recordId}`)
  return { status: 'success', message: `${parsed.data.drug} recorded.` }
}

/** On a surgery record: the item removed from the dog becomes an evidence item in the vet's custody. */
export async function recordRecoveredItemAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = RecordRecoveredItemSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let item: { number: string }
  try {
    item = await recordRecoveredItem(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/medical/${parsed.data.recordId}`)
  revalidatePath('/evidence')
  return { status: 'success', message: `Recovered item recorded as ${item.number}; you hold it. Hand it over from its evidence page.` }
}
