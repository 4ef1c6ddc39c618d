'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { humanize } from '@/lib/format'
import { DogSex, DogSpecialty } from '@/lib/generated/prisma/enums'
import type { ActionState } from '@/lib/server/action'
import { CheckboxTiles, FormMessage, SelectField, TextField, type FormCtx } from '../../incidents/_components/fields'
import { createDogAction, editDogAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }
const SEXES = Object.values(DogSex).map((s) => ({ value: s, label: humanize(s) }))
const SPECIALTIES = Object.values(DogSpecialty).map((s) => ({ value: s, label: humanize(s) }))

/** New dog (no `dog`) or edit a dog's particulars, with the version it was rendered at. */
export function DogForm({ dog, defaults }: { dog?: { id: string; version: number }; defaults: Record<string, string> }) {
  const [state, action, pending] = useActionState(dog ? editDogAction : createDogAction, IDLE)
  const f: FormCtx = { formId: 'dog', state, defaults }
  return (
    <form action={action} aria-label={dog ? 'Edit dog' : 'New dog'} className="space-y-4" noValidate>
      {dog ? (
        <>
          <input type="hidden" name="dogId" value={dog.id} />
          <input type="hidden" name="version" value={state.status === 'error' && state.values?.version ? state.values.version : String(dog.version)} />
        </>
      ) : null}
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField f={f} name="name" label="Name" required />
        <TextField f={f} name="k9Number" label="K-9 number" required hint="e.g. K9-101" />
        <TextField f={f} name="breed" label="Breed" required />
        <SelectField f={f} name="sex" label="Sex" required placeholder="Choose" options={SEXES} />
        <TextField f={f} name="dateOfBirth" label="Date of birth" required type="date" />
        <TextField f={f} name="microchip" label="Microchip" inputMode="numeric" />
      </div>
      <CheckboxTiles f={f} name="specialties" legend="Specialties" options={SPECIALTIES} />
      <TextField f={f} name="notes" label="Service notes" multiline rows={3} />
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : dog ? 'Save dog' : 'Add dog'}
      </Button>
    </form>
  )
}
