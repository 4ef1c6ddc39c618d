'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { FormMessage, TextField, valueOf, type FormCtx } from '../../incidents/_components/fields'
import { createHandlerAction, editHandlerAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }

/** New handler (no `handler`) or edit one, with the version it was rendered at. */
export function HandlerForm({ handler, defaults, pairedDogs = [] }: { handler?: { id: string; version: number }; defaults: Record<string, string>; pairedDogs?: string[] }) {
  const [state, action, pending] = useActionState(handler ? editHandlerAction : createHandlerAction, IDLE)
  const f: FormCtx = { formId: 'handler', state, defaults }
  return (
    <form action={action} aria-label={handler ? 'Edit handler' : 'New handler'} className="space-y-4" noValidate>
      {handler ? (
        <>
          <input type="hidden" name="handlerId" value={handler.id} />
          <input type="hidden" name="version" value={state.status === 'error' && state.values?.version ? state.values.version : String(handler.version)} />
        </>
      ) : null}
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField f={f} name="firstName" label="First name" required />
        <TextField f={f} name="lastName" label="Last name" required />
        <TextField f={f} name="badgeNumber" label="Badge number" required hint="e.g. B-1047" />
        <TextField f={f} name="rank" label="Rank" required />
        <TextField f={f} name="unit" label="Unit" required />
        <TextField f={f} name="phone" label="Phone" type="tel" />
      </div>
      {handler ? (
        <label className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-300 px-3 text-sm font-medium has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
          <input
            type="checkbox"
            name="active"
            value="yes"
            defaultChecked={valueOf(f, 'active') === 'yes'}
            aria-describedby={pairedDogs.length ? 'handler-active-hint' : undefined}
            className="size-5 accent-brand-700"
          />{' '}
          Active in the unit
        </label>
      ) : null}
      {handler && pairedDogs.length ? (
        <p id="handler-active-hint" className="-mt-2 text-sm text-slate-600">
          Marking this handler inactive ends their pairing with {pairedDogs.map((n) => `K-9 ${n}`).join(', ')}; each dog will then need a new handler.
        </p>
      ) : null}
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : handler ? 'Save handler' : 'Add handler'}
      </Button>
    </form>
  )
}
