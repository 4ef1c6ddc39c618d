'use client'

import { useFormStatus } from 'react-dom'
import type { ActionState } from '@/lib/server/action'

/** Shared pieces of the sign-in forms (route-private to the (auth) group). */

export function SubmitButton({ children, pendingText }: { children: React.ReactNode; pendingText: string }) {
  const { pending } = useFormStatus()
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white transition-colors hover:bg-brand-900 disabled:cursor-wait disabled:bg-slate-500"
    >
      {pending ? pendingText : children}
    </button>
  )
}

/** The form-level message: an alert for errors, a polite status for success. */
export function FormMessage({ state, id }: { state: ActionState; id?: string }) {
  if (!state.message || state.status === 'idle') return null
  if (state.status === 'error') {
    return (
      <div id={id} role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
        {state.message}
      </div>
    )
  }
  return (
    <div id={id} role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-800">
      {state.message}
    </div>
  )
}
