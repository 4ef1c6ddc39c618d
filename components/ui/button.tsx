import { Link } from '@/components/ui/link'
import { cn } from './cn'

/** app/globals.css `.btn` and `.btn-<variant>`. */
const VARIANTS = {
  primary: 'btn-primary',
  secondary: 'btn-secondary',
  danger: 'btn-danger',
  ghost: 'btn-ghost',
} as const

const BASE = 'btn'

type Variant = keyof typeof VARIANTS

export function Button({ variant = 'primary', className, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button {...props} className={cn(BASE, VARIANTS[variant], className)} />
}

export function ButtonLink({ variant = 'secondary', className, href, children }: { variant?: Variant; className?: string; href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className={cn(BASE, VARIANTS[variant], className)}>
      {children}
    </Link>
  )
}
