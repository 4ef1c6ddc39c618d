import { cn } from './cn'

type FieldProps = {
  label: string
  name: string
  errors?: string[]
  hint?: string
  required?: boolean
  className?: string
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; required?: boolean; className: string }) => React.ReactNode
}

/** A text field, select or textarea (app/globals.css `.input`). */
export const INPUT_CLASS = 'input'

/** A labelled control with its hint and its errors, wired up with aria attributes. */
export function Field({ label, name, errors, hint, required, className, children }: FieldProps) {
  const id = `field-${name}`
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errors?.length ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="field-label">
        {label}
        {required ? <span className="text-red-700"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(errors?.length), 'aria-describedby': describedBy, required, className: INPUT_CLASS })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
