'use server'

import { revalidatePath } from 'next/cache'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { acknowledgeAlert } from '@/lib/server/alerts/commands'
import { requireActor } from '@/lib/server/auth'
import { AcknowledgeAlertSchema } from '@/lib/schemas/alerts'

/** Acknowledge a welfare alert with a note (lib/server/alerts/commands.ts acknowledgeAlert holds every rule). */
export async function acknowledgeAlertAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AcknowledgeAlertSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await acknowledgeAlert(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/alerts')
  revalidatePath('/')
  return { status: 'success', message: 'Alert acknowledged. It stays on the list until the dog is examined.' }
}
