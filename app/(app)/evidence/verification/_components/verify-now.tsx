'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { FormMessage } from '../../../../(auth)/_components/form-parts'
import { verifyAllChainsAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }

/** The button that starts a run; disabled while one is going on. */
export function VerifyNowForm({ running }: { running: boolean }) {
  const [state, action, pending] = useActionState(verifyAllChainsAction, IDLE)
  return (
    <form action={action} className="flex flex-col items-start gap-2 sm:items-end">
      <Button type="submit" disabled={pending || running} aria-describedby={running ? 'verify-running-hint' : undefined}>
        {pending ? 'Starting…' : 'Verify all chains now'}
      </Button>
      {running ? <p id="verify-running-hint" className="text-xs text-slate-600">A run is in progress.</p> : null}
      <FormMessage state={state} />
    </form>
  )
}
