'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import { requireActor } from '@/lib/server/auth'
import { addCaseNote, addLink, addLinkByReference, addTeamMember, changeInvestigationStatus, createInvestigation, removeLink, removeTeamMember } from '@/lib/server/investigations/commands'
import { AddCaseNoteSchema, AddLinkByReferenceSchema, AddLinkSchema, ChangeInvestigationStatusSchema, CreateInvestigationSchema, RemoveLinkSchema, TeamMemberSchema, AddTeamMemberSchema } from '@/lib/schemas/investigations'

/** Investigation actions: thin (parse → command → revalidate); every rule lives in lib/server/investigations/commands.ts. */

function revalidateInvestigation(id: string) {
  revalidatePath(`/investigations/${id}`)
  revalidatePath(`/investigations/${id}/finder`)
  revalidatePath('/investigations')
}

export async function addLinkAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddLinkSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addLink(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: parsed.data.relation === 'LEAD' ? 'Added to the investigation as a lead.' : 'Linked to the investigation.' }
}

export async function removeLinkAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = RemoveLinkSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await removeLink(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: 'Link removed. It stays in the history with your reason.' }
}

export async function addCaseNoteAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddCaseNoteSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addCaseNote(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: 'Case note added.' }
}

export async function createInvestigationAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = CreateInvestigationSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  let created: { id: string }
  try {
    created = await createInvestigation(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/investigations')
  redirect(`/investigations/${created.id}`)
}

export async function changeStatusAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = ChangeInvestigationStatusSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await changeInvestigationStatus(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: 'Status changed.' }
}

export async function addTeamMemberAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddTeamMemberSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addTeamMember(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: 'Added to the team.' }
}

export async function removeTeamMemberAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = TeamMemberSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await removeTeamMember(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: 'Taken off the team.' }
}

export async function addLinkByReferenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = AddLinkByReferenceSchema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await addLinkByReference(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidateInvestigation(parsed.data.investigationId)
  return { status: 'success', message: `Linked ${parsed.data.reference} to the investigation.` }
}
