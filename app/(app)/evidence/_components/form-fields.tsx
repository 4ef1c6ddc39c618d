import { INPUT_CLASS } from '@/components/ui/field'
import { LookupInput, type LookupKind } from '@/components/ui/lookup-input'
import type { ActionState } from '@/lib/server/action'

/* Field primitives of the evidence forms. Several forms share one page, so every id carries the form's prefix. */

export type Option = { value: string; label: string }
export type OptionGroup = { label: string; options: Option[] }

/** Form state and an id prefix: several custody forms share one page, so field ids must not collide. */
export type F = { s: ActionState; prefix: string }

const v = (f: F, name: string) => f.s.values?.[name] ?? ''
const e = (f: F, name: string) => f.s.fieldErrors?.[name]

export function Labelled({ f, name, label, required, hint, children }: { f: F; name: string; label: string; required?: boolean; hint?: string; children: (p: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string; className: string }) => React.ReactNode }) {
  const id = `${f.prefix}-${name}`
  const errors = e(f, name)
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="text-red-700"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(errors), 'aria-describedby': describedBy, className: INPUT_CLASS })}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      {errors ? <p id={`${id}-error`} className="text-sm font-medium text-red-700">{errors.join(' ')}</p> : null}
    </div>
  )
}

export function TextField({ f, name, label, required, hint, multiline, type }: { f: F; name: string; label: string; required?: boolean; hint?: string; multiline?: boolean; type?: string }) {
  return (
    <Labelled f={f} name={name} label={label} required={required} hint={hint}>
      {(p) => (multiline ? <textarea {...p} rows={3} defaultValue={v(f, name)} /> : <input {...p} type={type ?? 'text'} defaultValue={v(f, name)} />)}
    </Labelled>
  )
}

export function SelectField({ f, name, label, options = [], groups = [], defaultValue, placeholder }: { f: F; name: string; label: string; options?: Option[]; groups?: OptionGroup[]; defaultValue?: string; placeholder: string }) {
  const option = (o: Option) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  )
  return (
    <Labelled f={f} name={name} label={label} required>
      {(p) => (
        // React applies a select's defaultValue only on mount and resets the form after an
        // action: keyed by the echoed value, it remounts showing what was posted.
        <select {...p} key={v(f, name) || defaultValue || ''} defaultValue={v(f, name) || defaultValue || ''}>
          <option value="">{placeholder}</option>
          {options.map(option)}
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map(option)}
            </optgroup>
          ))}
        </select>
      )}
    </Labelled>
  )
}

/** A person (or dog, handler) typed with suggestions (components/ui/lookup-input.tsx); the server resolves the text. */
export function LookupField({ f, name, label, kind, hint, placeholder }: { f: F; name: string; label: string; kind: LookupKind; hint?: string; placeholder?: string }) {
  return (
    <Labelled f={f} name={name} label={label} required hint={hint}>
      {/* Keyed by the echoed value: after a submit it shows what was posted. */}
      {(p) => <LookupInput {...p} key={v(f, name)} kind={kind} defaultValue={v(f, name)} placeholder={placeholder} />}
    </Labelled>
  )
}

/** The seal's state is a required yes/no: never assumed. */
export function SealField({ f }: { f: F }) {
  const errors = e(f, 'sealIntact')
  const current = v(f, 'sealIntact')
  const errorId = `${f.prefix}-sealIntact-error`
  return (
    <fieldset aria-describedby={errors ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">
        Seal intact? <span className="text-red-700">*</span>
      </legend>
      <div className="mt-1 flex gap-4">
        <label className="inline-flex min-h-11 items-center gap-2 text-sm">
          <input type="radio" name="sealIntact" value="yes" defaultChecked={current === 'yes'} /> Yes
        </label>
        <label className="inline-flex min-h-11 items-center gap-2 text-sm">
          <input type="radio" name="sealIntact" value="no" defaultChecked={current === 'no'} /> No
        </label>
      </div>
      {errors ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
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
