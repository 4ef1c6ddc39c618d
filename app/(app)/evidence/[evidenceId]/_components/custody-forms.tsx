'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import {
  cancelTransferAction,
  carryOutDispositionAction,
  checkInEvidenceAction,
  checkOutEvidenceAction,
  confirmReceiptAction,
  decideDispositionAction,
  declineTransferAction,
  recordLabResultAction,
  requestDispositionAction,
  returnFromLabAction,
  storeEvidenceAction,
  submitToLabAction,
  transferEvidenceAction,
} from '../actions'
import { FormMessage, LookupField, SealField, SelectField, TextField, type F, type Option, type OptionGroup } from '../../_components/form-fields'

type Action = (state: ActionState, form: FormData) => Promise<ActionState>
type Base = { evidenceId: string; version: number }

const IDLE: ActionState = { status: 'idle' }

/** One custody form: status message, hidden ids, fields, submit. Keeps every typed value after an error. */
function CustodyForm({
  action,
  hidden,
  submitLabel,
  label,
  idPrefix,
  children,
}: {
  action: Action
  hidden: Record<string, string | number>
  submitLabel: string
  label: string
  idPrefix?: string
  children: (f: F) => React.ReactNode
}) {
  const [state, formAction, pending] = useActionState(action, IDLE)
  const prefix = idPrefix ?? label.toLowerCase().replace(/[^a-z]+/g, '-')
  return (
    <form action={formAction} aria-label={label} className="space-y-3" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      <FormMessage state={state} />
      {children({ s: state, prefix })}
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </Button>
    </form>
  )
}

export function TransferForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={transferEvidenceAction} hidden={{ evidenceId, version }} submitLabel="Record hand-over" label="Hand over">
      {(f) => (
        <>
          <LookupField f={f} name="toUser" label="Hand over to" kind="evidence-holder" hint="Name or e-mail of an officer, detective or evidence technician." />
          <TextField f={f} name="place" label="Where" required />
          <TextField f={f} name="purpose" label="Why" required />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function ReceiptForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={confirmReceiptAction} hidden={{ evidenceId, version }} submitLabel="Confirm receipt" label="Confirm receipt">
      {(f) => (
        <>
          <TextField f={f} name="place" label="Where you received it" required />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function CancelTransferForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={cancelTransferAction} hidden={{ evidenceId, version }} submitLabel="Cancel hand-over" label="Cancel hand-over">
      {(f) => (
        <>
          <TextField f={f} name="reason" label="Why cancel" required />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function DeclineTransferForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={declineTransferAction} hidden={{ evidenceId, version }} submitLabel="Decline hand-over" label="Decline hand-over">
      {(f) => (
        <>
          <TextField f={f} name="reason" label="Why decline" required hint="Wrong item, broken seal, not yours to receive…" />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function StoreForm({ evidenceId, version, locations, mode, defaultLocationId }: Base & { locations: OptionGroup[]; mode: 'store' | 'checkIn'; defaultLocationId?: string }) {
  return (
    <CustodyForm
      action={mode === 'store' ? storeEvidenceAction : checkInEvidenceAction}
      hidden={{ evidenceId, version }}
      submitLabel={mode === 'store' ? 'Store item' : 'Check in'}
      label={mode === 'store' ? 'Store' : 'Check in'}
    >
      {(f) => (
        <>
          <SelectField f={f} name="locationId" label="Storage location" groups={locations} defaultValue={defaultLocationId} placeholder="Choose a location" />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function CheckOutForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={checkOutEvidenceAction} hidden={{ evidenceId, version }} submitLabel="Check out" label="Check out">
      {(f) => (
        <>
          <TextField f={f} name="purpose" label="Purpose" required hint="Court, examination, lab submission…" />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function SubmitToLabForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={submitToLabAction} hidden={{ evidenceId, version }} submitLabel="Submit to lab" label="Submit to lab">
      {(f) => (
        <>
          <TextField f={f} name="lab" label="Laboratory" required />
          <TextField f={f} name="question" label="Question for the lab" required multiline />
          <TextField f={f} name="labReference" label="Lab reference" />
          <TextField f={f} name="dueAt" label="Result due (UTC)" type="datetime-local" />
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function ReturnFromLabForm({ evidenceId, version }: Base) {
  return (
    <CustodyForm action={returnFromLabAction} hidden={{ evidenceId, version }} submitLabel="Book back from lab" label="Return from lab">
      {(f) => (
        <>
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline hint="E.g. returned under the lab's own seal number." />
        </>
      )}
    </CustodyForm>
  )
}

export function LabResultForm({ evidenceId, requestId }: { evidenceId: string; requestId: string }) {
  return (
    <CustodyForm action={recordLabResultAction} hidden={{ evidenceId, requestId }} submitLabel="Record result" label="Record lab result" idPrefix={`lab-result-${requestId.slice(0, 8)}`}>
      {(f) => (
        <>
          <TextField f={f} name="examiner" label="Examiner" required />
          <TextField f={f} name="method" label="Method" required />
          <TextField f={f} name="findings" label="Findings" required multiline />
          <TextField f={f} name="conclusion" label="Conclusion" required multiline />
          <TextField f={f} name="reportedAt" label="Reported at (UTC)" type="datetime-local" />
        </>
      )}
    </CustodyForm>
  )
}

export function RequestDispositionForm({ evidenceId, methods }: { evidenceId: string; methods: Option[] }) {
  return (
    <CustodyForm action={requestDispositionAction} hidden={{ evidenceId }} submitLabel="Ask for approval" label="Request release or disposal">
      {(f) => (
        <>
          <SelectField f={f} name="method" label="What should happen" options={methods} placeholder="Choose" />
          <TextField f={f} name="reason" label="Reason" required multiline hint="Case closed, court order, retention period…" />
        </>
      )}
    </CustodyForm>
  )
}

export function DecideDispositionForm({ evidenceId, requestId, requestVersion }: { evidenceId: string; requestId: string; requestVersion: number }) {
  return (
    <CustodyForm action={decideDispositionAction} hidden={{ evidenceId, requestId, requestVersion }} submitLabel="Record decision" label="Decide on the request">
      {(f) => (
        <>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">
              Decision <span className="text-red-700">*</span>
            </legend>
            <div className="mt-1 flex gap-4">
              <label className="inline-flex min-h-11 items-center gap-2 text-sm">
                <input type="radio" name="decision" value="approve" defaultChecked={f.s.values?.decision === 'approve'} /> Approve
              </label>
              <label className="inline-flex min-h-11 items-center gap-2 text-sm">
                <input type="radio" name="decision" value="reject" defaultChecked={f.s.values?.decision === 'reject'} /> Reject
              </label>
            </div>
            {f.s.fieldErrors?.decision ? <p className="text-sm font-medium text-red-700">{f.s.fieldErrors.decision.join(' ')}</p> : null}
          </fieldset>
          <TextField f={f} name="note" label="Note" multiline />
        </>
      )}
    </CustodyForm>
  )
}

export function CarryOutDispositionForm({ evidenceId, version, requestId, needsRecipient, label }: Base & { requestId: string; needsRecipient: boolean; label: string }) {
  return (
    <CustodyForm action={carryOutDispositionAction} hidden={{ evidenceId, version, requestId }} submitLabel={label} label="Carry out the approved request">
      {(f) => (
        <>
          {needsRecipient ? <TextField f={f} name="recipient" label="Released to" required hint="Name and ID, or the agency." /> : null}
          <SealField f={f} />
          <TextField f={f} name="notes" label="Notes" multiline hint={needsRecipient ? undefined : 'How and where it was destroyed, witnesses.'} />
        </>
      )}
    </CustodyForm>
  )
}
