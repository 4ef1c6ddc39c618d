'use client'

import { useState } from 'react'
import { INPUT_CLASS } from '@/components/ui/field'
import { LookupInput, type LookupKind, type Suggestion } from '@/components/ui/lookup-input'
import { cn } from '@/components/ui/cn'
import type { ActionState } from '@/lib/server/action'

/*
 * Field primitives of the incident and deployment forms. Several forms share
 * the edit page, so every id carries the form's id. What a field shows: after
 * a failed submit, exactly what was typed (state.values, even an unticked box);
 * otherwise the record's current value (defaults).
 */

export type Option = { value: string; label: string }

export type FormCtx = { formId: string; state: ActionState; defaults: Record<string, string> }

export function valueOf(f: FormCtx, name: string): string {
  if (f.state.status === 'error' && f.state.values) return f.state.values[name] ?? ''
  return f.defaults[name] ?? ''
}

export function listOf(f: FormCtx, name: string): string[] {
  const v = valueOf(f, name)
  return v ? v.split(',') : []
}

function errorsOf(f: FormCtx, name: string): string[] | undefined {
  return f.state.fieldErrors?.[name]
}

const idOf = (f: FormCtx, name: string) => `${f.formId}-${name.replace(/\./g, '-')}`

type ControlProps = { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string; className: string }

function Labelled({ f, name, label, required, hint, children, className }: { f: FormCtx; name: string; label: string; required?: boolean; hint?: React.ReactNode; className?: string; children: (p: ControlProps) => React.ReactNode }) {
  const id = idOf(f, name)
  const errors = errorsOf(f, name)
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="text-red-700"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(errors), 'aria-describedby': describedBy, className: INPUT_CLASS })}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-600">{hint}</p> : null}
      {errors ? <p id={`${id}-error`} className="text-sm font-medium text-red-700">{errors.join(' ')}</p> : null}
    </div>
  )
}

export function TextField({
  f,
  name,
  label,
  required,
  hint,
  multiline,
  type,
  inputMode,
  className,
  rows,
}: {
  f: FormCtx
  name: string
  label: string
  required?: boolean
  hint?: React.ReactNode
  multiline?: boolean
  type?: string
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode']
  className?: string
  rows?: number
}) {
  return (
    <Labelled f={f} name={name} label={label} required={required} hint={hint} className={className}>
      {(p) => (multiline ? <textarea {...p} rows={rows ?? 4} defaultValue={valueOf(f, name)} /> : <input {...p} type={type ?? 'text'} inputMode={inputMode} defaultValue={valueOf(f, name)} />)}
    </Labelled>
  )
}

export function SelectField({
  f,
  name,
  label,
  options,
  placeholder,
  required,
  hint,
  onChange,
  className,
}: {
  f: FormCtx
  name: string
  label: string
  options: Option[]
  placeholder: string
  required?: boolean
  hint?: React.ReactNode
  onChange?: (value: string) => void
  className?: string
}) {
  return (
    <Labelled f={f} name={name} label={label} required={required} hint={hint} className={className}>
      {(p) => (
        // React applies a select's defaultValue only on mount and resets the form after an
        // action: keyed by the echoed value, it remounts showing what was posted.
        <select {...p} key={valueOf(f, name)} defaultValue={valueOf(f, name)} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  )
}

/** A dog or a handler, typed with suggestions (components/ui/lookup-input.tsx); the server resolves the text. */
export function LookupField({
  f,
  name,
  label,
  kind,
  required,
  hint,
  placeholder,
  onValueChange,
  className,
}: {
  f: FormCtx
  name: string
  label: string
  kind: LookupKind
  required?: boolean
  hint?: React.ReactNode
  placeholder?: string
  onValueChange?: (value: string, chosen: Suggestion | null) => void
  className?: string
}) {
  return (
    <Labelled f={f} name={name} label={label} required={required} hint={hint} className={className}>
      {/* Keyed by the echoed value: after a submit it shows what was posted. */}
      {(p) => <LookupInput {...p} key={valueOf(f, name)} kind={kind} defaultValue={valueOf(f, name)} placeholder={placeholder} onValueChange={onValueChange} />}
    </Labelled>
  )
}

/** A group of large checkbox tiles (exposures, officers): easy to hit with a gloved thumb on a phone. */
export function CheckboxTiles({ f, name, legend, options, hint, tone = 'neutral' }: { f: FormCtx; name: string; legend: string; options: Option[]; hint?: string; tone?: 'neutral' | 'warning' }) {
  const checked = new Set(listOf(f, name))
  const errors = errorsOf(f, name)
  const id = idOf(f, name)
  return (
    <fieldset aria-describedby={[hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-600">{hint}</p> : null}
      <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
        {options.map((o) => (
          <label
            key={o.value}
            className={cn(
              'flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 has-[:checked]:ring-2',
              tone === 'warning' ? 'has-[:checked]:border-amber-600 has-[:checked]:bg-amber-50 has-[:checked]:ring-amber-300' : 'has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-100',
            )}
          >
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.has(o.value)} className="size-5 shrink-0 accent-brand-700" />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {errors ? <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">{errors.join(' ')}</p> : null}
    </fieldset>
  )
}

/** One yes/no checkbox that reveals what goes with it (the injury's description). */
export function CheckboxWithDetail({ f, name, label, children }: { f: FormCtx; name: string; label: string; children: React.ReactNode }) {
  const initial = valueOf(f, name) === 'yes'
  const [on, setOn] = useState(initial)
  return (
    <div className="space-y-2">
      <label className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 has-[:checked]:border-red-600 has-[:checked]:bg-red-50">
        <input type="checkbox" name={name} value="yes" defaultChecked={initial} onChange={(e) => setOn(e.target.checked)} className="size-5 shrink-0 accent-red-700" />
        <span>{label}</span>
      </label>
      {/* Kept in the DOM when hidden so nothing typed is lost if the box is unticked by mistake. */}
      <div hidden={!on}>{children}</div>
    </div>
  )
}

/** The result of the last submit: an error (role alert) or a confirmation (role status). */
export function FormMessage({ state }: { state: ActionState }) {
  if (state.status === 'idle' || !state.message) return null
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800' : 'rounded-lg bg-emerald-50 p-3 text-sm font-medium text-emerald-800'}>
      {state.message}
    </p>
  )
}

/** Problems that belong to no single field of a list (e.g. "Add at least one dog deployment"). */
export function ListError({ f, name }: { f: FormCtx; name: string }) {
  const errors = errorsOf(f, name)
  return errors ? <p className="text-sm font-medium text-red-700">{errors.join(' ')}</p> : null
}
