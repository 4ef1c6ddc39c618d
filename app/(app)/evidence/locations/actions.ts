'use server'

import { revalidatePath } from 'next/cache'
import { CreateStorageLocationSchema } from '@/lib/schemas/evidence'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { createStorageLocation } from '@/lib/server/evidence/commands'

export async function createStorageLocationAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CreateStorageLocationSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { code: string }
  try {
    created = await createStorageLocation(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/evidence/locations')
  return { status: 'success', message: `Location ${created.code} added.` }
}
