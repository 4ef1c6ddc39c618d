'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { CollectEvidenceSchema } from '@/lib/schemas/evidence'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { collectEvidence } from '@/lib/server/evidence/commands'

/** Intake: numbers the item, starts its chain with COLLECTED and opens its page. */
export async function collectEvidenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CollectEvidenceSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string }
  try {
    created = await collectEvidence(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/evidence')
  redirect(`/evidence/${created.id}`)
}
