import { cn } from './cn'

/** The tones of app/globals.css (`.badge-<tone>`). */
const TONES = {
  neutral: 'badge-neutral',
  green: 'badge-green',
  amber: 'badge-amber',
  red: 'badge-red',
  blue: 'badge-blue',
  violet: 'badge-violet',
} as const

export type BadgeTone = keyof typeof TONES

export function Badge({ tone = 'neutral', children, className }: { tone?: BadgeTone; children: React.ReactNode; className?: string }) {
  return (
    <span className={cn('badge', TONES[tone], className)}>
      {children}
    </span>
  )
}
