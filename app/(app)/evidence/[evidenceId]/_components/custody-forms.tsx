'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { INPUT_CLASS } from '@/components/ui/field'
import type { ActionState } from '@/lib/server/action'
import {
  checkInEvidenceAction,
  checkOutEvidenceAction,
  confirmReceiptAction,
  recordLabResultAction,
  returnFromLabAction,
  storeEvidenceAction,
  submitToLabAction,
  transferEvidenceAction,
} from '../actions'

type Action = (state: ActionState, form: FormData) => Promise<ActionState>
type Base = { evidenceId: string; version: number }
type Option = { value: string; label: string }

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
      {state.status !== 'idle' && state.message ? (
        <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800' : 'rounded-lg bg-emerald-50 p-3 text-sm font-medium text-emerald-800'}>
          {state.message}
        </p>
      ) : null}
      {children({ s: state, prefix })}
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </Button>
    </form>
  )
}

/** Form state and an id prefix: several custody forms share one page, so field ids must not collide. */
type F = { s: ActionState; prefix: string }

const v = (f: F, name: string) => f.s.values?.[name] ?? ''
const e = (f: F, name: string) => f.s.fieldErrors?.[name]

function Labelled({ f, name, label, required, hint, children }: { f: F; name: string; label: string; required?: boolean; hint?: string; children: (p: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string; className: string }) => React.ReactNode }) {
  const id = `${f.prefix}-${name}`
  const errors = e(f, name)
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="text-red-700"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(errors), 'aria-describedby': describedBy, className: INPUT_CLASS })}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      {errors ? <p id={`${id}-error`} className="text-sm font-medium text-red-700">{errors.join(' ')}</p> : null}
    </div>
  )
}

function TextField({ f, name, label, required, hint, multiline, type }: { f: F; name: string; label: string; required?: boolean; hint?: string; multiline?: boolean; type?: string }) {
  return (
    <Labelled f={f} name={name} label={label} required={required} hint={hint}>
      {(p) => (multiline ? <textarea {...p} rows={3} defaultValue={v(f, name)} /> : <input {...p} type={type ?? 'text'} defaultValue={v(f, name)} />)}
    </Labelled>
  )
}

function SelectField({ f, name, label, options, defaultValue, placeholder }: { f: F; name: string; label: string; options: Option[]; defaultValue?: string; placeholder: string }) {
  return (
    <Labelled f={f} name={name} label={label} required>
      {(p) => (
        <select {...p} defaultValue={v(f, name) || defaultValue || ''}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  )
}

/** The seal's state is a required yes/no: never assumed. */
function SealField({ f }: { f: F }) {
  const errors = e(f, 'sealIntact')
  const current = v(f, 'sealIntact')
  const errorId = `${f.prefix}-sealIntact-error`
  return (
    <fieldset aria-describedby={errors ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">
        Seal intact? <span className="text-red-700">*</span>
      </legend>
      <div className="mt-1 flex gap-4">
        <label className="inline-flex min-h-11 items-center gap-2 text-sm">
          <input type="radio" name="sealIntact" value="yes" defaultChecked={current === 'yes'} /> Yes
        </label>
        <label className="inline-flex min-h-11 items-center gap-2 text-sm">
          <input type="radio" name="sealIntact" value="no" defaultChecked={current === 'no'} /> No
        </label>
      </div>
      {errors ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  )
}

export function TransferForm({ evidenceId, version, recipients }: Base & { recipients: Option[] }) {
  return (
    <CustodyForm action={transferEvidenceAction} hidden={{ evidenceId, version }} submitLabel="Record hand-over" label="Hand over">
      {(f) => (
        <>
          <SelectField f={f} name="toUserId" label="Hand over to" options={recipients} placeholder="Choose a person" />
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

export function StoreForm({ evidenceId, version, locations, mode, defaultLocationId }: Base & { locations: Option[]; mode: 'store' | 'checkIn'; defaultLocationId?: string }) {
  return (
    <CustodyForm
      action={mode === 'store' ? storeEvidenceAction : checkInEvidenceAction}
      hidden={{ evidenceId, version }}
      submitLabel={mode === 'store' ? 'Store item' : 'Check in'}
      label={mode === 'store' ? 'Store' : 'Check in'}
    >
      {(f) => (
        <>
          <SelectField f={f} name="locationId" label="Storage location" options={locations} defaultValue={defaultLocationId} placeholder="Choose a location" />
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
