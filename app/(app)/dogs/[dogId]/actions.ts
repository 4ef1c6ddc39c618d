'use server'

import { revalidatePath } from 'next/cache'
import type { z } from 'zod'
import { AddCertificationSchema, AssignHandlerSchema, ChangeDogStatusSchema, RenewCertificationSchema, SetFitForDutySchema } from '@/lib/schemas/dogs'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import type { Actor } from '@/lib/server/actor'
import { requireActor } from '@/lib/server/auth'
import { addCertification, assignHandler, changeDogStatus, renewCertification, setFitForDuty } from '@/lib/server/dogs/commands'

/** The one shape of a dog action (CONVENTIONS.md): parse → command → revalidate the dog's pages. */
async function run<S extends z.ZodType<{ dogId: string }>>(form: FormData, schema: S, command: (actor: Actor, input: z.infer<S>) => Promise<unknown>, message: string): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = schema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await command(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath('/dogs')
  revalidatePath(`/dogs/${parsed.data.dogId}`)
  return { status: 'success', message }
}

export async function changeDogStatusAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, ChangeDogStatusSchema, changeDogStatus, 'Status changed.')
}

export async function setFitForDutyAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, SetFitForDutySchema, setFitForDuty, 'Fitness for duty recorded.')
}

export async function assignHandlerAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, AssignHandlerSchema, assignHandler, 'Dog paired with the new handler.')
}

export async function addCertificationAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, AddCertificationSchema, addCertification, 'Certification added.')
}

export async function renewCertificationAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, RenewCertificationSchema, renewCertification, 'Certification renewed.')
}
