'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { CreateHandlerSchema, EditHandlerSchema } from '@/lib/schemas/handlers'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { createHandler, editHandler } from '@/lib/server/handlers/commands'

/** Adds a handler profile and opens it. */
export async function createHandlerAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CreateHandlerSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string }
  try {
    created = await createHandler(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/handlers')
  redirect(`/handlers/${created.id}`)
}

/** Saves a handler profile (refused on a stale version, input kept) and returns to it. */
export async function editHandlerAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = EditHandlerSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await editHandler(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/handlers')
  revalidatePath(`/handlers/${parsed.data.handlerId}`)
  redirect(`/handlers/${parsed.data.handlerId}`)
}
