'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { createStorageLocationAction } from '../actions'
import { FormMessage, TextField } from '../../_components/form-fields'

const IDLE: ActionState = { status: 'idle' }

export function LocationForm() {
  const [state, formAction, pending] = useActionState(createStorageLocationAction, IDLE)
  // After a success the form starts empty for the next location; after an error it keeps what was typed.
  const f = { s: state.status === 'success' ? IDLE : state, prefix: 'location' }
  return (
    <form action={formAction} aria-label="Add a storage location" className="grid gap-3 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <TextField f={f} name="code" label="Code" required hint="Printed on the shelf label, e.g. EVR-A-03-02." />
      <TextField f={f} name="room" label="Room" required />
      <TextField f={f} name="shelf" label="Shelf" />
      <TextField f={f} name="bin" label="Bin" />
      <div className="sm:col-span-2">
        <TextField f={f} name="description" label="Description" />
      </div>
      <div>
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? 'Saving…' : 'Add location'}
        </Button>
      </div>
    </form>
  )
}
