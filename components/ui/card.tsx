import { cn } from './cn'

export function Card({ title, actions, children, className, id }: { title?: React.ReactNode; actions?: React.ReactNode; children: React.ReactNode; className?: string; id?: string }) {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section aria-labelledby={title ? headingId : undefined} id={id} className={cn('card', className)}>
      {title ? (
        <header className="card-header">
          <h2 id={headingId} className="card-title">
            {title}
          </h2>
          {actions}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  )
}
