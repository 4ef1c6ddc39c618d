'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/server/action'
import { FormMessage } from '../../../(auth)/_components/form-parts'
import { acknowledgeAlertAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }

/** Acknowledge one alert: the note is required and comes back after an error. */
export function AcknowledgeForm({ alertId, version, label }: { alertId: string; version: number; label: string }) {
  const [state, action, pending] = useActionState(acknowledgeAlertAction, IDLE)
  if (state.status === 'success') return <FormMessage state={state} />
  return (
    <form action={action} className="mt-3 space-y-2" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="alertId" value={alertId} />
      <input type="hidden" name="version" value={version} />
      <Field label={`Note for ${label}`} name={`note-${alertId}`} errors={state.fieldErrors?.note} hint="What is being done about it, and by whom (required)." required>
        {(p) => <textarea {...p} name="note" rows={2} maxLength={2000} defaultValue={state.values?.note ?? ''} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Acknowledging…' : 'Acknowledge'}
      </Button>
    </form>
  )
}
