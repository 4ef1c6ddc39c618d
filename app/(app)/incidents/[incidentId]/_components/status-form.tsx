'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { FormMessage, TextField, type FormCtx } from '../../_components/fields'
import { closeIncidentAction, reopenIncidentAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }

/** Close an open incident, or re-open a closed one; either way with a reason. */
export function IncidentStatusForm({ incidentId, version, closed }: { incidentId: string; version: number; closed: boolean }) {
  const [state, action, pending] = useActionState(closed ? reopenIncidentAction : closeIncidentAction, IDLE)
  const f: FormCtx = { formId: closed ? 'reopen' : 'close', state, defaults: {} }
  return (
    <form action={action} aria-label={closed ? 'Re-open incident' : 'Close incident'} className="space-y-3" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="version" value={version} />
      <FormMessage state={state} />
      <TextField
        f={f}
        name="reason"
        label={closed ? 'Why re-open it' : 'Why close it'}
        required
        multiline
        rows={2}
        hint={closed ? 'e.g. a deployment was left out of the report.' : 'e.g. all deployments logged, report complete.'}
      />
      <Button type="submit" variant={closed ? 'primary' : 'secondary'} disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : closed ? 'Re-open incident' : 'Close incident'}
      </Button>
    </form>
  )
}
