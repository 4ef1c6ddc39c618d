'use server'

import { revalidatePath } from 'next/cache'
import { ChangeIncidentStatusSchema } from '@/lib/schemas/incidents'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { closeIncident, reopenIncident } from '@/lib/server/incidents/commands'

async function run(form: FormData, command: typeof closeIncident, message: string): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = ChangeIncidentStatusSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await command(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/incidents')
  revalidatePath(`/incidents/${parsed.data.incidentId}`, 'layout')
  return { status: 'success', message }
}

/** Closes the incident with a reason (refused on a stale version, the reason kept). */
export async function closeIncidentAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, closeIncident, 'Incident closed.')
}

/** Re-opens a closed incident with a reason. */
export async function reopenIncidentAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, reopenIncident, 'Incident re-opened. It can be edited again.')
}
