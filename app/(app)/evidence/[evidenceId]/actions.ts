'use server'

import { revalidatePath } from 'next/cache'
import type { z } from 'zod'
import {
  CancelTransferSchema,
  CarryOutDispositionSchema,
  CheckInEvidenceSchema,
  CheckOutEvidenceSchema,
  ConfirmReceiptSchema,
  DecideDispositionSchema,
  DeclineTransferSchema,
  RecordLabResultSchema,
  RequestDispositionSchema,
  ReturnFromLabSchema,
  StoreEvidenceSchema,
  SubmitToLabSchema,
  TransferEvidenceSchema,
} from '@/lib/schemas/evidence'
import { failure, fromForm, invalid, type ActionState } from '@/lib/server/action'
import type { Actor } from '@/lib/server/actor'
import { requireActor } from '@/lib/server/auth'
import {
  cancelTransfer,
  carryOutDisposition,
  checkInEvidence,
  checkOutEvidence,
  confirmReceipt,
  decideDisposition,
  declineTransfer,
  recordLabResult,
  requestDisposition,
  returnFromLab,
  storeEvidence,
  submitToLab,
  transferEvidence,
} from '@/lib/server/evidence/commands'

/** The one shape of an evidence action (CONVENTIONS.md): parse → command → revalidate. */
async function run<S extends z.ZodType<{ evidenceId: string }>>(
  form: FormData,
  schema: S,
  command: (actor: Actor, input: z.infer<S>) => Promise<unknown>,
  message: string,
): Promise<ActionState> {
  const actor = await requireActor()
  const parsed = schema.safeParse(fromForm(form))
  if (!parsed.success) return invalid(parsed.error, form)
  try {
    await command(actor, parsed.data)
  } catch (error) {
    return failure(error, form)
  }
  revalidatePath(`/evidence/${parsed.data.evidenceId}`)
  revalidatePath('/evidence')
  return { status: 'success', message }
}

export async function transferEvidenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, TransferEvidenceSchema, transferEvidence, 'Hand-over recorded. The item is in transit until the receiver confirms receipt.')
}

export async function confirmReceiptAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, ConfirmReceiptSchema, confirmReceipt, 'Receipt confirmed. You now hold this item.')
}

export async function cancelTransferAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, CancelTransferSchema, cancelTransfer, 'Hand-over cancelled. The item is back with the person who handed it over.')
}

export async function declineTransferAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, DeclineTransferSchema, declineTransfer, 'Hand-over declined. The item stays with the person who handed it over.')
}

export async function storeEvidenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, StoreEvidenceSchema, storeEvidence, 'Item stored.')
}

export async function checkOutEvidenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, CheckOutEvidenceSchema, checkOutEvidence, 'Item checked out to you.')
}

export async function checkInEvidenceAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, CheckInEvidenceSchema, checkInEvidence, 'Item checked back in.')
}

export async function submitToLabAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, SubmitToLabSchema, submitToLab, 'Lab submission recorded.')
}

export async function returnFromLabAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, ReturnFromLabSchema, returnFromLab, 'Return from the lab recorded. You now hold this item.')
}

export async function recordLabResultAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, RecordLabResultSchema, recordLabResult, 'Lab result recorded.')
}

export async function requestDispositionAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, RequestDispositionSchema, requestDisposition, 'Request recorded. A supervisor must approve it before anything happens.')
}

export async function decideDispositionAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, DecideDispositionSchema, decideDisposition, 'Decision recorded.')
}

export async function carryOutDispositionAction(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, CarryOutDispositionSchema, carryOutDisposition, 'Done. The item\'s chain of custody is closed.')
}
