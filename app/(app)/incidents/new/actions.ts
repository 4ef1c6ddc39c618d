'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { LogIncidentSchema } from '@/lib/schemas/incidents'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { logIncident } from '@/lib/server/incidents/commands'

/** Logs the incident with its deployments (all or nothing) and opens it; a second submit of the same form opens the first one. */
export async function logIncidentAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = LogIncidentSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string }
  try {
    created = await logIncident(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/incidents')
  redirect(`/incidents/${created.id}`)
}
