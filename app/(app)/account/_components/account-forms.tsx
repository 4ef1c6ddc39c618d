'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/server/action'
import { FormMessage } from '../../../(auth)/_components/form-parts'
import { endOtherSessionsAction, regenerateRecoveryCodesAction, type RecoveryCodesState } from '../actions'

const IDLE: ActionState = { status: 'idle' }

export function RegenerateRecoveryCodes() {
  const [state, action, pending] = useActionState<RecoveryCodesState, FormData>(regenerateRecoveryCodesAction, IDLE)
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {state.recoveryCodes ? (
        <ul aria-label="New recovery codes" className="grid max-w-md grid-cols-2 gap-2 rounded-lg bg-slate-100 p-4 font-mono text-sm tracking-wide">
          {state.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : null}
      <form action={action}>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Generating…' : 'Generate new recovery codes'}
        </Button>
      </form>
    </div>
  )
}

export function EndOtherSessions() {
  const [state, action, pending] = useActionState(endOtherSessionsAction, IDLE)
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form action={action}>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Signing out…' : 'Sign out all my other sessions'}
        </Button>
      </form>
    </div>
  )
}
