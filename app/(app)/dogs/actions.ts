'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { CreateDogSchema, EditDogSchema } from '@/lib/schemas/dogs'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { createDog, editDog } from '@/lib/server/dogs/commands'

/** Adds a dog to the unit and opens its profile. */
export async function createDogAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CreateDogSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string }
  try {
    created = await createDog(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/dogs')
  redirect(`/dogs/${created.id}`)
}

/** Saves a dog's particulars (refused on a stale version, input kept) and returns to the profile. */
export async function editDogAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = EditDogSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await editDog(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/dogs')
  revalidatePath(`/dogs/${parsed.data.dogId}`)
  redirect(`/dogs/${parsed.data.dogId}`)
}
