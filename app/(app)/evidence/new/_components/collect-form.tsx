'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { collectEvidenceAction } from '../actions'
import { FormMessage, SealField, SelectField, TextField, type Option } from '../../_components/form-fields'

const IDLE: ActionState = { status: 'idle' }

export function CollectForm({ categories, medicalRecord, incidentNumber }: { categories: Option[]; medicalRecord: { id: string; label: string } | null; incidentNumber?: string }) {
  const [state, formAction, pending] = useActionState(collectEvidenceAction, IDLE)
  const f = { s: state, prefix: 'collect' }
  const medicalErrors = state.fieldErrors?.medicalRecordId
  return (
    <form action={formAction} aria-label="Record a new evidence item" className="space-y-4" noValidate>
      <FormMessage state={state} />
      {medicalRecord ? (
        <div className="rounded-lg bg-slate-50 p-3 text-sm">
          <input type="hidden" name="medicalRecordId" value={medicalRecord.id} />
          Recovered during: <strong>{medicalRecord.label}</strong>
          {medicalErrors ? <p className="font-medium text-red-700">{medicalErrors.join(' ')}</p> : null}
        </div>
      ) : null}
      <TextField f={f} name="description" label="Description" required multiline hint="What it is, its size and condition, how it is packaged." />
      <SelectField f={f} name="category" label="Category" options={categories} placeholder="Choose a category" />
      <TextField f={f} name="collectedAtPlace" label="Collected at (place)" required />
      <TextField f={f} name="collectedAt" label="Collected at (time, UTC)" type="datetime-local" hint="Leave empty for now." />
      <TextField f={f} name="sealNumber" label="Seal number" />
      {medicalRecord ? null : <TextFieldWithDefault f={f} name="incidentNumber" label="Incident number" defaultValue={incidentNumber} hint="The incident this item comes from, if any." />}
      <SealField f={f} />
      <TextField f={f} name="notes" label="Notes" multiline />
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? 'Saving…' : 'Record item and start custody'}
      </Button>
    </form>
  )
}

function TextFieldWithDefault({ f, name, label, hint, defaultValue }: { f: { s: ActionState; prefix: string }; name: string; label: string; hint?: string; defaultValue?: string }) {
  const typed = f.s.values?.[name]
  return <TextField f={{ ...f, s: { ...f.s, values: { ...f.s.values, [name]: typed ?? defaultValue ?? '' } } }} name={name} label={label} hint={hint} />
}
