import { cn } from './cn'

export function Card({ title, actions, children, className, id }: { title?: React.ReactNode; actions?: React.ReactNode; children: React.ReactNode; className?: string; id?: string }) {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section aria-labelledby={title ? headingId : undefined} id={id} className={cn('rounded-xl border border-slate-200 bg-white shadow-sm', className)}>
      {title ? (
        <header className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {actions}
        </header>
      ) : null}
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  )
}
