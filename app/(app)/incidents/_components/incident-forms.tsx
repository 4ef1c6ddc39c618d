'use client'

import { useActionState, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { humanize } from '@/lib/format'
import type { ActionState } from '@/lib/server/action'
import { INCIDENT_TYPES, MAX_DEPLOYMENTS, MAX_OFFICERS } from '@/lib/choices'
import { addDeploymentAction, editDeploymentAction, editIncidentAction } from '../[incidentId]/edit/actions'
import { logIncidentAction } from '../new/actions'
import { DeploymentFields } from './deployment-fields'
import { FormMessage, ListError, LookupField, SelectField, TextField, type FormCtx } from './fields'

const IDLE: ActionState = { status: 'idle' }
const TYPES = INCIDENT_TYPES.map((t) => ({ value: t, label: humanize(t) }))

/** The incident's own fields, shared by the new and the edit form. */
function IncidentFields({ f }: { f: FormCtx }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField f={f} name="type" label="Type of incident" required placeholder="Choose a type" options={TYPES} />
        <TextField f={f} name="occurredAt" label="Date and time (UTC)" required type="datetime-local" />
      </div>
      <TextField f={f} name="locationText" label="Location" required hint="Address, or a description of the place (e.g. “abandoned factory, Mill Lane”)." />
      <div className="grid grid-cols-2 gap-4">
        <TextField f={f} name="latitude" label="Latitude" inputMode="decimal" hint="Optional, e.g. 41.4921" />
        <TextField f={f} name="longitude" label="Longitude" inputMode="decimal" hint="Optional, e.g. -81.7012" />
      </div>
      <TextField f={f} name="weather" label="Weather" hint="e.g. “night, heavy rain”." />
      <TextField f={f} name="narrative" label="Narrative" required multiline rows={6} hint="What happened, in order: who was there, what the dog did, what happened to the dog." />
      <OfficersField f={f} />
    </div>
  )
}

/** Positions of a form's `officers.<i>` fields (posted, or the record's), and one empty field to type the next. */
function officerRows(f: FormCtx): number {
  const source = f.state.status === 'error' && f.state.values ? f.state.values : f.defaults
  let n = 0
  for (const key of Object.keys(source)) {
    const m = /^officers\.(\d+)$/.exec(key)
    if (m) n = Math.max(n, Number(m[1]) + 1)
  }
  return Math.min(n + 1, MAX_OFFICERS)
}

/**
 * The officers involved, each typed (badge number or name, with
 * suggestions): a state unit has thousands. An empty field is skipped.
 */
function OfficersField({ f }: { f: FormCtx }) {
  const [count, setCount] = useState(() => officerRows(f))
  return (
    <fieldset className="space-y-2" aria-describedby={`${f.formId}-officers-hint`}>
      <legend className="text-sm font-medium text-slate-800">Officers involved</legend>
      <p id={`${f.formId}-officers-hint`} className="text-xs text-slate-600">
        Badge number or name, one officer per field. Handlers of the deployed dogs are added automatically.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {Array.from({ length: count }, (_, i) => (
          <LookupField key={i} f={f} name={`officers.${i}`} label={`Officer ${i + 1}`} kind="handler" />
        ))}
      </div>
      {count < MAX_OFFICERS ? (
        <Button type="button" variant="secondary" className="w-full sm:w-auto" onClick={() => setCount((c) => c + 1)}>
          Add another officer
        </Button>
      ) : null}
    </fieldset>
  )
}

/**
 * /incidents/new: the incident and one or more dog deployments in one form,
 * saved together. Rows are named by position (`deployments.<i>.…`), keyed by
 * a stable id so that removing a row keeps what was typed in the others.
 */
export function LogIncidentForm({ idempotencyKey, defaults }: { idempotencyKey: string; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(logIncidentAction, IDLE)
  // As many rows as were posted (a form sent without JavaScript comes back as a new page with its rows).
  const [rows, setRows] = useState<number[]>(() => Array.from({ length: postedRows(state) }, (_, i) => i))
  const next = useRef(rows.length)
  const f: FormCtx = { formId: 'log', state, defaults }
  return (
    <form action={formAction} aria-label="Log an incident" className="space-y-6" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage state={state} />
      <section aria-labelledby="log-incident-heading" className="space-y-4">
        <h2 id="log-incident-heading" className="text-lg font-semibold">The incident</h2>
        <IncidentFields f={f} />
      </section>
      <section aria-labelledby="log-deployments-heading" className="space-y-4">
        <h2 id="log-deployments-heading" className="text-lg font-semibold">Dog deployments</h2>
        <ListError f={f} name="deployments" />
        {rows.map((key, i) => (
          <fieldset key={key} className="space-y-3 rounded-xl border border-slate-200 bg-slate-50 p-3 sm:p-4">
            <div className="flex items-center justify-between gap-2">
              <legend className="text-base font-semibold">Deployment {i + 1}</legend>
              {rows.length > 1 ? (
                <Button type="button" variant="ghost" onClick={() => setRows((r) => r.filter((k) => k !== key))} aria-label={`Remove deployment ${i + 1}`}>
                  Remove
                </Button>
              ) : null}
            </div>
            <DeploymentFields f={f} prefix={`deployments.${i}.`} />
          </fieldset>
        ))}
        {rows.length < MAX_DEPLOYMENTS ? (
          <Button type="button" variant="secondary" className="w-full sm:w-auto" onClick={() => setRows((r) => [...r, next.current++])}>
            Add another dog
          </Button>
        ) : null}
      </section>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : 'Log incident'}
      </Button>
    </form>
  )
}

function postedRows(state: ActionState): number {
  let n = 1
  for (const key of Object.keys(state.values ?? {})) {
    const m = /^deployments\.(\d+)\./.exec(key)
    if (m) n = Math.max(n, Math.min(Number(m[1]) + 1, MAX_DEPLOYMENTS))
  }
  return n
}

/** /incidents/[id]/edit: the incident's own fields, with the version it was rendered at. */
export function EditIncidentForm({ incidentId, version, defaults }: { incidentId: string; version: number; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(editIncidentAction, IDLE)
  const f: FormCtx = { formId: 'edit', state, defaults }
  return (
    <form action={formAction} aria-label="Edit the incident" className="space-y-4" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      {/* SECURITY/INTEGRITY: the version this form was rendered at; after a conflict it stays stale so a resubmit cannot overwrite the other save. */}
      <input type="hidden" name="version" value={state.status === 'error' && state.values?.version ? state.values.version : String(version)} />
      <FormMessage state={state} />
      {state.status === 'error' && state.message?.startsWith('Someone else saved') ? (
        <p className="text-sm">
          <a href={`/incidents/${incidentId}`} target="_blank" rel="noopener" className="inline-flex min-h-11 items-center font-medium link">
            Open the saved incident in a new tab
          </a>
        </p>
      ) : null}
      <IncidentFields f={f} />
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : 'Save incident'}
      </Button>
    </form>
  )
}

/** Add a deployment to an incident (no `deployment`), or edit one. */
export function DeploymentForm({
  incidentId,
  deployment,
  defaults,
  formId,
  label,
}: {
  incidentId: string
  deployment?: { id: string; version: number }
  defaults: Record<string, string>
  formId: string
  label: string
}) {
  const [state, formAction, pending] = useActionState(deployment ? editDeploymentAction : addDeploymentAction, IDLE)
  // A fresh set of fields after a successful add, so the next dog starts blank.
  const [round, setRound] = useState(0)
  const [seen, setSeen] = useState(state)
  if (seen !== state) {
    setSeen(state)
    if (state.status === 'success' && !deployment) setRound((r) => r + 1)
  }
  const f: FormCtx = { formId, state, defaults }
  return (
    <form action={formAction} aria-label={label} className="space-y-4" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      {deployment ? (
        <>
          <input type="hidden" name="deploymentId" value={deployment.id} />
          <input type="hidden" name="version" value={state.status === 'error' && state.values?.version ? state.values.version : String(deployment.version)} />
        </>
      ) : null}
      <FormMessage state={state} />
      <DeploymentFields key={round} f={f} prefix="" />
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? 'Saving…' : deployment ? 'Save deployment' : 'Add deployment'}
      </Button>
    </form>
  )
}
