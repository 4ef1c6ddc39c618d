'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { AddDeploymentSchema, EditDeploymentSchema, EditIncidentSchema } from '@/lib/schemas/incidents'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { addDeployment, editDeployment, editIncident } from '@/lib/server/incidents/commands'

/** Saves the incident's own fields (refused on a stale version, input kept) and returns to the incident. */
export async function editIncidentAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = EditIncidentSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await editIncident(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/incidents')
  revalidatePath(`/incidents/${parsed.data.incidentId}`)
  redirect(`/incidents/${parsed.data.incidentId}`)
}

/** Adds a dog's deployment to the incident; the page re-renders with it. */
export async function addDeploymentAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddDeploymentSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addDeployment(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/incidents/${parsed.data.incidentId}`, 'layout')
  return { status: 'success', message: 'Deployment added.' }
}

/** Saves one deployment (refused on a stale version, input kept). */
export async function editDeploymentAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = EditDeploymentSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await editDeployment(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/incidents/${parsed.data.incidentId}`, 'layout')
  return { status: 'success', message: 'Deployment saved.' }
}
