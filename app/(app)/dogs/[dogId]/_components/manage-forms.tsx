'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { humanize } from '@/lib/format'
import { DogStatus } from '@/lib/generated/prisma/enums'
import type { ActionState } from '@/lib/server/action'
import { FormMessage, SelectField, TextField, valueOf, type FormCtx } from '../../../incidents/_components/fields'
import { addCertificationAction, assignHandlerAction, changeDogStatusAction, renewCertificationAction, setFitForDutyAction } from '../actions'

/* The supervisor's forms on a dog's page (dogs:manage). Each carries the dog's or the certificate's version. */

const IDLE: ActionState = { status: 'idle' }

function Submit({ pending, children }: { pending: boolean; children: React.ReactNode }) {
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
      {pending ? 'Saving…' : children}
    </Button>
  )
}

/** After an error the hidden version stays the one the form was rendered with (a conflict must not turn into an overwrite). */
const versionOf = (state: ActionState, version: number) => (state.status === 'error' && state.values?.version ? state.values.version : String(version))

export function StatusForm({ dogId, version, status }: { dogId: string; version: number; status: string }) {
  const [state, action, pending] = useActionState(changeDogStatusAction, IDLE)
  const f: FormCtx = { formId: 'status', state, defaults: {} }
  const options = Object.values(DogStatus)
    .filter((s) => s !== status)
    .map((s) => ({ value: s, label: humanize(s) }))
  return (
    <form action={action} aria-label="Change status" className="space-y-3" noValidate>
      <input type="hidden" name="dogId" value={dogId} />
      <input type="hidden" name="version" value={versionOf(state, version)} />
      <FormMessage state={state} />
      <SelectField f={f} name="toStatus" label="New status" required placeholder="Choose a status" options={options} />
      <TextField f={f} name="reason" label="Reason" required multiline rows={2} hint="Kept in the dog’s service history." />
      <Submit pending={pending}>Change status</Submit>
    </form>
  )
}

export function FitnessForm({ dogId, version, fitForDuty }: { dogId: string; version: number; fitForDuty: boolean }) {
  const [state, action, pending] = useActionState(setFitForDutyAction, IDLE)
  const f: FormCtx = { formId: 'fitness', state, defaults: { fitForDuty: fitForDuty ? 'yes' : 'no' } }
  const current = valueOf(f, 'fitForDuty')
  const errors = state.fieldErrors?.fitForDuty
  return (
    <form action={action} aria-label="Fitness for duty" className="space-y-3" noValidate>
      <input type="hidden" name="dogId" value={dogId} />
      <input type="hidden" name="version" value={versionOf(state, version)} />
      <FormMessage state={state} />
      <fieldset aria-describedby={errors ? 'fitness-error' : undefined}>
        <legend className="text-sm font-medium text-slate-800">Fit for duty?</legend>
        <div className="mt-1 grid grid-cols-2 gap-2">
          {[
            ['yes', 'Fit for duty'],
            ['no', 'Not fit for duty'],
          ].map(([value, label]) => (
            <label key={value} className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-300 px-3 text-sm font-medium has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
              <input type="radio" name="fitForDuty" value={value} defaultChecked={current === value} className="size-5 accent-brand-700" /> {label}
            </label>
          ))}
        </div>
        {errors ? <p id="fitness-error" className="mt-1 text-sm font-medium text-red-700">{errors.join(' ')}</p> : null}
      </fieldset>
      <TextField f={f} name="note" label="Note" multiline rows={2} hint="e.g. the vet’s clearance, or what the dog needs first." />
      <Submit pending={pending}>Record fitness</Submit>
    </form>
  )
}

export function PairingForm({ dogId, hasHandler, today }: { dogId: string; hasHandler: boolean; today: string }) {
  const [state, action, pending] = useActionState(assignHandlerAction, IDLE)
  const f: FormCtx = { formId: 'pairing', state, defaults: { startedAt: today } }
  return (
    <form action={action} aria-label="Pair with a handler" className="space-y-3" noValidate>
      <input type="hidden" name="dogId" value={dogId} />
      <FormMessage state={state} />
      <TextField f={f} name="handler" label="New handler" required hint="Badge number or name, e.g. B-1047 or Luke Carter." />
      <TextField f={f} name="startedAt" label="Paired from" required type="date" />
      {hasHandler ? <TextField f={f} name="endReason" label="Why the current pairing ends" hint="Kept on the pairing history." /> : null}
      <Submit pending={pending}>Pair</Submit>
    </form>
  )
}

export function CertificationForm({ dogId }: { dogId: string }) {
  const [state, action, pending] = useActionState(addCertificationAction, IDLE)
  const f: FormCtx = { formId: 'cert', state, defaults: {} }
  return (
    <form action={action} aria-label="Add a certification" className="space-y-3" noValidate>
      <input type="hidden" name="dogId" value={dogId} />
      <FormMessage state={state} />
      <TextField f={f} name="kind" label="Certification" required />
      <TextField f={f} name="issuer" label="Issued by" required />
      <TextField f={f} name="certificateNumber" label="Certificate number" />
      <div className="grid grid-cols-2 gap-3">
        <TextField f={f} name="issuedAt" label="Issued" required type="date" />
        <TextField f={f} name="expiresAt" label="Expires" required type="date" />
      </div>
      <Submit pending={pending}>Add certification</Submit>
    </form>
  )
}

export function RenewForm({ dogId, certification }: { dogId: string; certification: { id: string; version: number; kind: string } }) {
  const [state, action, pending] = useActionState(renewCertificationAction, IDLE)
  const f: FormCtx = { formId: `renew-${certification.id.slice(-8)}`, state, defaults: {} }
  return (
    <form action={action} aria-label={`Renew ${certification.kind}`} className="space-y-3" noValidate>
      <input type="hidden" name="dogId" value={dogId} />
      <input type="hidden" name="certificationId" value={certification.id} />
      <input type="hidden" name="version" value={versionOf(state, certification.version)} />
      <FormMessage state={state} />
      <div className="grid grid-cols-2 gap-3">
        <TextField f={f} name="issuedAt" label="Renewed on" required type="date" />
        <TextField f={f} name="expiresAt" label="New expiry" required type="date" />
      </div>
      <TextField f={f} name="certificateNumber" label="New certificate number" hint="Leave empty to keep the current one." />
      <Submit pending={pending}>Renew</Submit>
    </form>
  )
}
