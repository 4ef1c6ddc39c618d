'use client'

import { useState } from 'react'
import { humanize } from '@/lib/format'
import { DEPLOYMENT_OUTCOMES, DEPLOYMENT_TASKS, EXPOSURES } from '@/lib/choices'
import { CheckboxTiles, CheckboxWithDetail, LookupField, SelectField, TextField, type FormCtx } from './fields'

const TASKS = DEPLOYMENT_TASKS.map((t) => ({ value: t, label: humanize(t) }))
const OUTCOMES = DEPLOYMENT_OUTCOMES.map((o) => ({ value: o, label: humanize(o) }))
const EXPOSURE_OPTIONS = EXPOSURES.map((e) => ({ value: e, label: humanize(e) }))

/**
 * The fields of one dog's deployment. `prefix` is '' on a single-deployment
 * form and `deployments.<i>.` inside the incident form, so each name matches
 * the path of its zod error. The dog and the handler are typed (a state unit
 * has thousands), with suggestions; an empty handler is the dog's current
 * one, named under the field once a suggested dog is chosen.
 */
export function DeploymentFields({ f, prefix }: { f: FormCtx; prefix: string }) {
  const [dog, setDog] = useState<{ name: string; handler: string | null } | null>(null)
  const handlerHint = dog ? (dog.handler ? `Leave empty for K-9 ${dog.name}’s handler: ${dog.handler}.` : `K-9 ${dog.name} has no current handler: enter who handled the dog.`) : 'Leave empty for the dog’s current handler. Badge number or name.'
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <LookupField
          f={f}
          name={`${prefix}dog`}
          label="Dog"
          kind="living-dog"
          required
          hint="Call name or K-9 number."
          onValueChange={(_, chosen) => setDog(chosen ? { name: chosen.value.split(' (')[0]!, handler: chosen.handler } : null)}
        />
        <LookupField f={f} name={`${prefix}handler`} label="Handler" kind="handler" hint={handlerHint} />
        <SelectField f={f} name={`${prefix}task`} label="Task" required placeholder="Choose the task" options={TASKS} />
        <SelectField f={f} name={`${prefix}outcome`} label="Outcome" required placeholder="Choose the outcome" options={OUTCOMES} />
      </div>
      <CheckboxTiles f={f} name={`${prefix}exposures`} legend="What the dog was exposed to" hint="Tick everything that happened to the dog. Any exposure means the dog needs a vet check." options={EXPOSURE_OPTIONS} tone="warning" />
      <TextField f={f} name={`${prefix}exposureNotes`} label="Exposure notes" multiline rows={2} hint="How, how long, how close: e.g. “struck once on the left ribs with a metal pipe”." />
      <CheckboxWithDetail f={f} name={`${prefix}injuryObserved`} label="Injury observed">
        <TextField f={f} name={`${prefix}injuryDescription`} label="Describe the injury" multiline rows={2} />
      </CheckboxWithDetail>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField f={f} name={`${prefix}deployedAt`} label="Deployed at (UTC)" type="datetime-local" hint="Leave empty for the incident’s time." />
      </div>
      <TextField f={f} name={`${prefix}notes`} label="Deployment notes" multiline rows={2} />
    </div>
  )
}
