'use client'

import { useActionState, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { humanize } from '@/lib/format'
import type { MedicalRecordKind } from '@/lib/generated/prisma/enums'
import type { ActionState } from '@/lib/server/action'
import { DECISION_OUTCOMES, EVIDENCE_CATEGORIES, MAX_VITAL_ROWS, MEDICAL_KINDS, MEDICATION_ROUTES, REQUIRED_BY_KIND } from '@/lib/choices'
import { VITALS } from '@/lib/vitals'
import { FormMessage, ListError, LookupField, SelectField, TextField, valueOf, type FormCtx, type Option } from '../../incidents/_components/fields'
import { addMedicationAction, addVitalSignsAction, amendMedicalRecordAction, recordRecoveredItemAction } from '../[recordId]/actions'
import { createMedicalRecordAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }
const KINDS: Option[] = MEDICAL_KINDS.map((k) => ({ value: k, label: k === 'EUTHANASIA_DECISION' ? 'Euthanasia decision' : humanize(k) }))
const DECISIONS: Option[] = DECISION_OUTCOMES.map((d) => ({ value: d, label: humanize(d) }))
const ROUTES: Option[] = MEDICATION_ROUTES.map((r) => ({ value: r, label: r.length <= 2 ? r : humanize(r) }))
const CATEGORIES: Option[] = EVIDENCE_CATEGORIES.map((c) => ({ value: c, label: humanize(c) }))

const isKind = (v: string): v is MedicalRecordKind => (MEDICAL_KINDS as string[]).includes(v)

/** The record's own fields; which are required, and the decision and surgery sections, follow the kind. */
function RecordFields({ f, kind }: { f: FormCtx; kind: MedicalRecordKind | null }) {
  const req = (name: string) => (kind ? REQUIRED_BY_KIND[kind].includes(name) : false)
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField f={f} name="occurredAt" label="Date and time (UTC)" required type="datetime-local" />
        <TextField f={f} name="clinic" label="Clinic" required />
      </div>
      <TextField f={f} name="attendingVets" label="Attending vets" hint="Others present, e.g. “Dr. Patel (visiting specialist)”." />
      {/* Kept in the DOM when hidden so nothing typed is lost if the kind is changed by mistake; the server keeps only the chosen kind's fields. */}
      <fieldset hidden={kind !== 'EUTHANASIA_DECISION'} className="space-y-4 rounded-xl border border-amber-300 bg-amber-50 p-3 sm:p-4">
        <legend className="px-1 text-base font-semibold">Euthanasia decision</legend>
        <SelectField f={f} name="decisionOutcome" label="Decision" required placeholder="Performed, halted or deferred?" options={DECISIONS} />
        <TextField f={f} name="decisionReason" label="Reason for the decision" required multiline rows={3} hint="Required: what was seen that led to the decision." />
      </fieldset>
      <TextField f={f} name="presentingProblem" label="Presenting problem" required={req('presentingProblem')} multiline rows={3} />
      <TextField f={f} name="findings" label="Findings" required={req('findings')} multiline rows={4} />
      <TextField f={f} name="diagnosis" label="Diagnosis" multiline rows={2} />
      <fieldset hidden={kind !== 'SURGERY'} className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-3 sm:p-4">
        <legend className="px-1 text-base font-semibold">Surgery</legend>
        <TextField f={f} name="procedure" label="Procedure" required multiline rows={2} />
        <TextField f={f} name="anaesthesia" label="Anaesthesia" required multiline rows={2} />
        <TextField f={f} name="complications" label="Complications" multiline rows={3} hint="e.g. cardiac arrest and resuscitation: what happened, when, what was done." />
      </fieldset>
      <TextField f={f} name="treatment" label="Treatment" multiline rows={3} />
      <TextField f={f} name="outcome" label="Outcome" required={req('outcome')} multiline rows={2} />
      <TextField f={f} name="followUpDueAt" label="Follow-up due (UTC)" type="datetime-local" className="sm:max-w-xs" />
    </div>
  )
}

/** /medical/new: a new record for a dog (typed: call name or K-9 number, with suggestions; a state unit has thousands). */
export function NewMedicalRecordForm({ vets, idempotencyKey, defaults }: { vets: Array<{ id: string; name: string }>; idempotencyKey: string; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(createMedicalRecordAction, IDLE)
  const f: FormCtx = { formId: 'record', state, defaults }
  const initial = valueOf(f, 'kind')
  const [kind, setKind] = useState<MedicalRecordKind | null>(isKind(initial) ? initial : null)
  const round = useResultRound(state)
  return (
    <form action={formAction} aria-label="New medical record" className="space-y-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage state={state} />
      <div key={round} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <LookupField f={f} name="dog" label="Dog" kind="dog" required placeholder="Call name or K-9 number" />
          <SelectField f={f} name="kind" label="Kind of record" required placeholder="Choose the kind" options={KINDS} onChange={(v) => setKind(isKind(v) ? v : null)} />
        </div>
        <SelectField f={f} name="veterinarianId" label="Veterinarian" required placeholder="Choose the veterinarian" options={vets.map((v) => ({ value: v.id, label: v.name }))} hint="Who signs the record; only they can amend it later." className="sm:max-w-md" />
        <RecordFields f={f} kind={kind} />
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : 'Save record'}
      </Button>
    </form>
  )
}

/** /medical/[id]/amend: the author changes the record and says why; the version is the one the form was rendered at. */
export function AmendMedicalRecordForm({ recordId, kind, version, defaults }: { recordId: string; kind: MedicalRecordKind; version: number; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(amendMedicalRecordAction, IDLE)
  const f: FormCtx = { formId: 'amend', state, defaults }
  const round = useResultRound(state)
  const conflict = state.status === 'error' && state.message?.startsWith('Someone amended')
  return (
    <form action={formAction} aria-label="Amend the record" className="space-y-4" noValidate>
      <input type="hidden" name="recordId" value={recordId} />
      <input type="hidden" name="kind" value={kind} />
      {/* INTEGRITY: after a conflict the version stays stale, so a resubmit cannot overwrite the other amendment unseen. */}
      <input type="hidden" name="version" value={state.status === 'error' && state.values?.version ? state.values.version : String(version)} />
      <FormMessage state={state} />
      {conflict ? (
        <p className="text-sm">
          <a href={`/medical/${recordId}`} target="_blank" rel="noopener" className="inline-flex min-h-11 items-center font-medium link">
            Open the saved record in a new tab
          </a>
        </p>
      ) : null}
      <div key={round} className="space-y-4">
        <RecordFields f={f} kind={kind} />
        <TextField f={f} name="reason" label="Reason for the amendment" required multiline rows={2} hint="Kept with the amendment and shown to everyone who reads the record." />
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : 'Save amendment'}
      </Button>
    </form>
  )
}

/**
 * A new number for every result of the form's action. Keying the fields with
 * it remounts them, so that after an error each control shows what was posted
 * (React applies a <select>'s defaultValue only when it mounts, and resets the
 * form after an action), and after a success the next entry starts blank.
 */
function useResultRound(state: ActionState) {
  const [round, setRound] = useState(0)
  const [seen, setSeen] = useState(state)
  if (seen !== state) {
    setSeen(state)
    setRound((r) => r + 1)
  }
  return round
}

function postedRows(state: ActionState): number {
  let n = 1
  for (const key of Object.keys(state.values ?? {})) {
    const m = /^vitals\.(\d+)\./.exec(key)
    if (m) n = Math.max(n, Math.min(Number(m[1]) + 1, MAX_VITAL_ROWS))
  }
  return n
}

const VITAL_INPUTS = [
  ['heartRate', 'numeric'],
  ['respiratoryRate', 'numeric'],
  ['temperatureC', 'decimal'],
  ['spo2', 'numeric'],
  ['systolicBp', 'numeric'],
  ['diastolicBp', 'numeric'],
  ['capillaryRefillSec', 'decimal'],
  ['painScore', 'numeric'],
] as const

/** Several readings in one submit: rows named `vitals.<i>.<field>`, keyed so that removing one keeps the others. */
export function VitalSignsForm({ recordId, idempotencyKey, now }: { recordId: string; idempotencyKey: string; now: string }) {
  const [state, formAction, pending] = useActionState(addVitalSignsAction, IDLE)
  const round = useResultRound(state)
  return <VitalRows key={round} state={state} formAction={formAction} pending={pending} recordId={recordId} idempotencyKey={idempotencyKey} now={now} />
}

function VitalRows({ state, formAction, pending, recordId, idempotencyKey, now }: { state: ActionState; formAction: (form: FormData) => void; pending: boolean; recordId: string; idempotencyKey: string; now: string }) {
  const [rows, setRows] = useState<number[]>(() => Array.from({ length: state.status === 'error' ? postedRows(state) : 1 }, (_, i) => i))
  const next = useRef(rows.length)
  const f: FormCtx = { formId: 'vitals', state: state.status === 'success' ? IDLE : state, defaults: { 'vitals.0.takenAt': now } }
  return (
    <form action={formAction} aria-label="Add vital signs" className="space-y-4" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="recordId" value={recordId} />
      <FormMessage state={state} />
      <ListError f={f} name="vitals" />
      {rows.map((key, i) => (
        <fieldset key={key} aria-label={`Reading ${i + 1}`} className="space-y-3 rounded-xl border border-slate-200 bg-slate-50 p-3">
          <div className="flex items-center justify-between gap-2">
            <legend className="text-sm font-semibold">Reading {i + 1}</legend>
            {rows.length > 1 ? (
              <Button type="button" variant="ghost" onClick={() => setRows((r) => r.filter((k) => k !== key))} aria-label={`Remove reading ${i + 1}`}>
                Remove
              </Button>
            ) : null}
          </div>
          <TextField f={f} name={`vitals.${i}.takenAt`} label="Time (UTC)" required type="datetime-local" className="sm:max-w-xs" />
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {VITAL_INPUTS.map(([k, mode]) => (
              <TextField key={k} f={f} name={`vitals.${i}.${k}`} label={`${VITALS[k].label} (${VITALS[k].unit.replace(/^\//, 'per ')})`} inputMode={mode} />
            ))}
          </div>
          <TextField f={f} name={`vitals.${i}.notes`} label="Note" />
        </fieldset>
      ))}
      <div className="flex flex-col gap-2 sm:flex-row">
        {rows.length < MAX_VITAL_ROWS ? (
          <Button type="button" variant="secondary" onClick={() => setRows((r) => [...r, next.current++])}>
            Add another reading
          </Button>
        ) : null}
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? 'Saving…' : 'Save readings'}
        </Button>
      </div>
    </form>
  )
}

export function MedicationForm({ recordId, idempotencyKey, defaults }: { recordId: string; idempotencyKey: string; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(addMedicationAction, IDLE)
  const round = useResultRound(state)
  const f: FormCtx = { formId: 'medication', state, defaults }
  return (
    <form action={formAction} aria-label="Add a medication" className="space-y-3" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="recordId" value={recordId} />
      <FormMessage state={state} />
      <div key={round} className="space-y-3">
        <TextField f={f} name="drug" label="Drug" required />
        <div className="grid grid-cols-2 gap-3">
          <TextField f={f} name="dose" label="Dose" required hint="With its unit." />
          <SelectField f={f} name="route" label="Route" required placeholder="Choose" options={ROUTES} />
        </div>
        <TextField f={f} name="givenAt" label="Given at (UTC)" required type="datetime-local" />
        <TextField f={f} name="givenBy" label="Given by" required />
        <TextField f={f} name="notes" label="Note" />
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? 'Saving…' : 'Add medication'}
      </Button>
    </form>
  )
}

/** On a surgery record: the item removed from the dog starts its chain of custody here. */
export function RecoveredItemForm({ recordId, idempotencyKey, clinic, defaults }: { recordId: string; idempotencyKey: string; clinic: string; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(recordRecoveredItemAction, IDLE)
  const round = useResultRound(state)
  const f: FormCtx = { formId: 'recovered', state, defaults }
  return (
    <form action={formAction} aria-label="Record recovered item" className="space-y-3" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="recordId" value={recordId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">It becomes an evidence item in your custody, collected by you at {clinic}. Seal it before you record it.</p>
      <div key={round} className="space-y-3">
        <TextField f={f} name="description" label="Description" required multiline rows={2} hint="What it is and where it was lodged." />
        <SelectField f={f} name="category" label="Category" required placeholder="Choose" options={CATEGORIES} />
        <TextField f={f} name="sealNumber" label="Seal number" required />
        <TextField f={f} name="recoveredAt" label="Recovered at (UTC)" required type="datetime-local" />
        <TextField f={f} name="notes" label="Note" />
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? 'Saving…' : 'Record recovered item'}
      </Button>
    </form>
  )
}
