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

export const INPUT_CLASS =
  'block w-full min-h-11 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-600 sm:text-sm'

/** A labelled control with its hint and its errors, wired up with aria attributes. */
export function Field({ label, name, errors, hint, required, className, children }: FieldProps) {
  const id = `field-${name}`
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errors?.length ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
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
