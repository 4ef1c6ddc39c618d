'use client'

import { useActionState, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field, INPUT_CLASS } from '@/components/ui/field'
import { Link } from '@/components/ui/link'
import { LookupInput } from '@/components/ui/lookup-input'
import { MAX_TEAM_FIELDS } from '@/lib/choices'
import type { ActionState } from '@/lib/server/action'
import { FormMessage } from '../../../(auth)/_components/form-parts'
import { MentionPicker } from './mention-picker'
import { addCaseNoteAction, addLinkAction, addLinkByReferenceAction, addTeamMemberAction, changeStatusAction, createInvestigationAction, removeLinkAction, removeTeamMemberAction } from '../actions'

const IDLE: ActionState = { status: 'idle' }

type Option = { value: string; label: string }

/** One click from the finder: the deployment becomes a lead, with the finder's reason as the note. */
export function AddAsLeadButton({ investigationId, deploymentId, note, label, linked }: { investigationId: string; deploymentId: string; note: string; label: string; linked: boolean }) {
  const [state, action, pending] = useActionState(addLinkAction, IDLE)
  if (state.status === 'success') return <FormMessage state={state} />
  if (linked) return <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-300">Linked to the case</span>
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="investigationId" value={investigationId} />
      <input type="hidden" name="targetType" value="DEPLOYMENT" />
      <input type="hidden" name="targetId" value={deploymentId} />
      <input type="hidden" name="relation" value="LEAD" />
      <input type="hidden" name="note" value={note} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={label}>
        {pending ? 'Adding…' : 'Add as lead'}
      </Button>
      <FormMessage state={state} />
    </form>
  )
}

/** Link a record (its type and id fixed by the page) to one of the actor's investigations. */
export function AddLinkForm({ investigations, relations, targetType, targetId, defaultInvestigationId, defaultRelation }: { investigations: Option[]; relations: Option[]; targetType: string; targetId: string; defaultInvestigationId?: string; defaultRelation?: string }) {
  const [state, action, pending] = useActionState(addLinkAction, IDLE)
  const v = state.values ?? {}
  return (
    <form action={action} className="max-w-xl space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <Field label="Investigation" name="investigationId" errors={state.fieldErrors?.investigationId} required>
        {(p) => (
          <select {...p} defaultValue={v.investigationId ?? defaultInvestigationId ?? ''}>
            <option value="" disabled>Choose an investigation</option>
            {investigations.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )}
      </Field>
      <Field label="Relation" name="relation" errors={state.fieldErrors?.relation} hint="How this record relates to the case." required>
        {(p) => (
          <select {...p} defaultValue={v.relation ?? defaultRelation ?? 'RELATED'}>
            {relations.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )}
      </Field>
      <Field label="Note" name="note" errors={state.fieldErrors?.note} hint="Why it matters to the case (optional).">
        {(p) => <textarea {...p} rows={3} maxLength={1000} defaultValue={v.note ?? ''} />}
      </Field>
      <Button type="submit" disabled={pending}>{pending ? 'Linking…' : 'Add to investigation'}</Button>
    </form>
  )
}

/**
 * Unlinking asks why; the link is kept with the reason (never deleted). Shown for one link at a time, when its
 * "Remove link…" was chosen (?remove=<link>): an investigation's page lists dozens of links, and a form under each
 * cost its lead's page half again its weight (decision 020). The field takes the focus; Cancel goes back.
 */
export function RemoveLinkForm({ investigationId, linkId, title, cancelHref }: { investigationId: string; linkId: string; title: string; cancelHref: string }) {
  const [state, action, pending] = useActionState(removeLinkAction, IDLE)
  if (state.status === 'success') return <FormMessage state={state} />
  const v = state.values ?? {}
  return (
    <form action={action} className="mt-2 space-y-2 rounded-lg border border-red-200 bg-white p-3 text-sm" aria-label={`Remove the link to ${title}`} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="investigationId" value={investigationId} />
      <input type="hidden" name="linkId" value={linkId} />
      <div className="space-y-1">
        <label htmlFor={`reason-${linkId}`} className="block text-sm font-medium text-slate-800">
          Why remove “{title}”? <span className="text-red-700">*</span>
        </label>
        <input
          id={`reason-${linkId}`}
          name="reason"
          type="text"
          required
          maxLength={500}
          defaultValue={v.reason ?? ''}
          // The user asked for this form a moment ago: the reason is what they type next.
          autoFocus
          aria-invalid={Boolean(state.fieldErrors?.reason)}
          aria-describedby={state.fieldErrors?.reason ? `reason-${linkId}-error` : `reason-${linkId}-hint`}
          className={INPUT_CLASS}
        />
        <p id={`reason-${linkId}-hint`} className="text-xs text-slate-500">Kept in the history and the audit trail.</p>
        {state.fieldErrors?.reason ? <p id={`reason-${linkId}-error`} className="text-sm font-medium text-red-700">{state.fieldErrors.reason.join(' ')}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="danger" disabled={pending}>{pending ? 'Removing…' : 'Remove link'}</Button>
        <Link href={cancelHref} scroll={false} className="inline-flex min-h-11 items-center text-sm font-medium link">Cancel</Link>
      </div>
    </form>
  )
}

export function CaseNoteForm({ investigationId }: { investigationId: string }) {
  const [state, action, pending] = useActionState(addCaseNoteAction, IDLE)
  const v = state.status === 'success' ? {} : (state.values ?? {})
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="investigationId" value={investigationId} />
      <Field label="New case note" name="body" errors={state.fieldErrors?.body} hint="Use “Mention a record” to refer to any record you may read, or write a linked record’s number (incident, evidence, K-9 or badge): both become links." required>
        {(p) => <textarea {...p} rows={4} maxLength={10_000} defaultValue={v.body ?? ''} />}
      </Field>
      <MentionPicker investigationId={investigationId} textareaId="field-body" />
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Add note'}</Button>
    </form>
  )
}

/** How many team fields the new-investigation form shows at first (more on request). */
const TEAM_FIELDS_AT_FIRST = 2

export function CreateInvestigationForm() {
  const [state, action, pending] = useActionState(createInvestigationAction, IDLE)
  const v = state.values ?? {}
  const posted = Object.keys(v).reduce((n, key) => Math.max(n, Number(/^members\.(\d+)$/.exec(key)?.[1] ?? -1) + 1), 0)
  const [count, setCount] = useState(Math.max(TEAM_FIELDS_AT_FIRST, posted))
  const shown = Math.max(count, posted)
  return (
    <form action={action} className="max-w-2xl space-y-5" noValidate>
      <FormMessage state={state} />
      <Field label="Title" name="title" errors={state.fieldErrors?.title} hint="The question the investigation answers, e.g. “Who shot Rex?”" required>
        {(p) => <input {...p} type="text" maxLength={200} defaultValue={v.title ?? ''} />}
      </Field>
      <Field label="Summary" name="summary" errors={state.fieldErrors?.summary} required>
        {(p) => <textarea {...p} rows={5} maxLength={5000} defaultValue={v.summary ?? ''} />}
      </Field>
      <fieldset className="space-y-2" aria-describedby="team-hint">
        <legend className="text-sm font-medium text-slate-800">Team</legend>
        <p id="team-hint" className="text-xs text-slate-500">
          You lead it. Team members can read it; detectives on the team can also work on it. Name or e-mail, one person per field; leave the rest empty.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          {Array.from({ length: shown }, (_, i) => (
            <Field key={i} label={`Team member ${i + 1}`} name={`members.${i}`} errors={state.fieldErrors?.[`members.${i}`]}>
              {(p) => <LookupInput {...p} key={v[`members.${i}`] ?? ''} kind="team-member" defaultValue={v[`members.${i}`] ?? ''} />}
            </Field>
          ))}
        </div>
        {shown < MAX_TEAM_FIELDS ? (
          <Button type="button" variant="secondary" onClick={() => setCount(shown + 1)}>
            Add another person
          </Button>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? 'Opening…' : 'Open investigation'}</Button>
    </form>
  )
}

/** Open, active, suspended or closed (closing asks for the disposition). */
export function StatusForm({ investigationId, status, disposition, version, statuses }: { investigationId: string; status: string; disposition: string | null; version: number; statuses: Option[] }) {
  const [state, action, pending] = useActionState(changeStatusAction, IDLE)
  const v = state.status === 'error' ? (state.values ?? {}) : {}
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="investigationId" value={investigationId} />
      <input type="hidden" name="version" value={version} />
      <Field label="Status" name="status" errors={state.fieldErrors?.status} required>
        {(p) => (
          <select {...p} defaultValue={v.status ?? status} key={`${status}-${version}`}>
            {statuses.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )}
      </Field>
      <Field label="Disposition" name="disposition" errors={state.fieldErrors?.disposition} hint="Needed to close: how the investigation ended.">
        {(p) => <textarea {...p} rows={2} maxLength={1000} defaultValue={v.disposition ?? disposition ?? ''} key={`d-${version}`} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? 'Saving…' : 'Change status'}</Button>
    </form>
  )
}

export function AddTeamMemberForm({ investigationId }: { investigationId: string }) {
  const [state, action, pending] = useActionState(addTeamMemberAction, IDLE)
  const typed = state.status === 'error' ? (state.values?.person ?? '') : ''
  return (
    <form action={action} className="mt-3 space-y-2" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="investigationId" value={investigationId} />
      <Field label="Add to the team" name="person" errors={state.fieldErrors?.person} hint="Name or e-mail: an officer, detective, evidence technician or supervisor.">
        {/* Keyed by the state: after an add the field is empty again, after an error it keeps what was typed. */}
        {(p) => <LookupInput {...p} key={`${state.status}:${typed}`} kind="team-member" defaultValue={typed} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? 'Adding…' : 'Add'}</Button>
    </form>
  )
}

export function RemoveTeamMemberButton({ investigationId, userId, name }: { investigationId: string; userId: string; name: string }) {
  const [state, action, pending] = useActionState(removeTeamMemberAction, IDLE)
  return (
    <form action={action} className="inline">
      <input type="hidden" name="investigationId" value={investigationId} />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" disabled={pending} className="min-h-9 px-2 text-xs font-medium text-red-700 underline" aria-label={`Remove ${name} from the team`}>
        {pending ? 'Removing…' : 'Remove'}
      </button>
      {state.status === 'error' ? <span role="alert" className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  )
}

/** Link an incident, evidence item, dog or handler by the number on its paperwork. */
export function LinkByReferenceForm({ investigationId, relations }: { investigationId: string; relations: Option[] }) {
  const [state, action, pending] = useActionState(addLinkByReferenceAction, IDLE)
  const v = state.status === 'error' ? (state.values ?? {}) : {}
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="investigationId" value={investigationId} />
      <Field label="Record number" name="reference" errors={state.fieldErrors?.reference} hint="Incident (2026-000018), evidence (EV-2026-000001), K-9 (K9-101) or badge (B-1047) number." required>
        {(p) => <input {...p} type="text" maxLength={40} autoComplete="off" defaultValue={v.reference ?? ''} />}
      </Field>
      <Field label="Relation" name="relation" errors={state.fieldErrors?.relation} required>
        {(p) => (
          <select {...p} defaultValue={v.relation ?? 'RELATED'}>
            {relations.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )}
      </Field>
      <Field label="Note" name="note" errors={state.fieldErrors?.note}>
        {(p) => <textarea {...p} rows={2} maxLength={1000} defaultValue={v.note ?? ''} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? 'Linking…' : 'Link record'}</Button>
    </form>
  )
}
