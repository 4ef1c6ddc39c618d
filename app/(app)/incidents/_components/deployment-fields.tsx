'use client'

import { useState } from 'react'
import { humanize } from '@/lib/format'
import { DEPLOYMENT_OUTCOMES, DEPLOYMENT_TASKS, EXPOSURES } from '@/lib/choices'
import { CheckboxTiles, CheckboxWithDetail, SelectField, TextField, valueOf, type FormCtx } from './fields'

export type DogOption = { id: string; label: string; handlerId: string | null }
export type HandlerOption = { id: string; label: string }

const TASKS = DEPLOYMENT_TASKS.map((t) => ({ value: t, label: humanize(t) }))
const OUTCOMES = DEPLOYMENT_OUTCOMES.map((o) => ({ value: o, label: humanize(o) }))
const EXPOSURE_OPTIONS = EXPOSURES.map((e) => ({ value: e, label: humanize(e) }))

/**
 * The fields of one dog's deployment. `prefix` is '' on a single-deployment
 * form and `deployments.<i>.` inside the incident form, so each name matches
 * the path of its zod error. The handler defaults to the dog's current one
 * (an empty choice: the server fills it in), named under the field.
 */
export function DeploymentFields({ f, prefix, dogs, handlers }: { f: FormCtx; prefix: string; dogs: DogOption[]; handlers: HandlerOption[] }) {
  const [dogId, setDogId] = useState(valueOf(f, `${prefix}dogId`))
  const dog = dogs.find((d) => d.id === dogId)
  const current = dog?.handlerId ? handlers.find((h) => h.id === dog.handlerId) : undefined
  const handlerHint = dog ? (current ? `Leave as it is for K-9 ${dog.label.split(' (')[0]}’s handler: ${current.label}.` : `K-9 ${dog.label.split(' (')[0]} has no current handler: choose one.`) : 'Leave as it is for the dog’s current handler.'
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField f={f} name={`${prefix}dogId`} label="Dog" required placeholder="Choose the dog" options={dogs.map((d) => ({ value: d.id, label: d.label }))} onChange={setDogId} />
        <SelectField f={f} name={`${prefix}handlerId`} label="Handler" placeholder="The dog’s current handler" options={handlers.map((h) => ({ value: h.id, label: h.label }))} hint={handlerHint} />
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
