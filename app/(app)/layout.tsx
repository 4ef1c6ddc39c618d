import { Link } from '@/components/ui/link'
import { AppNav, type NavItem } from '@/components/app-nav'
import { SearchBox } from '@/components/search-box'
import { requireActor } from '@/lib/server/auth'
import { can, type Permission } from '@/lib/server/policy'
import { ROLE_LABELS } from '@/lib/format'

const NAV: Array<NavItem & { permission: Permission }> = [
  { href: '/dogs', label: 'Dogs', permission: 'dogs:read' },
  { href: '/handlers', label: 'Handlers', permission: 'handlers:read' },
  { href: '/incidents', label: 'Incidents', permission: 'incidents:read' },
  { href: '/medical', label: 'Medical', permission: 'medical:read' },
  { href: '/evidence', label: 'Evidence', permission: 'evidence:read' },
  { href: '/investigations', label: 'Investigations', permission: 'investigations:read' },
  { href: '/alerts', label: 'Alerts', permission: 'alerts:read' },
  { href: '/admin/users', label: 'Users', permission: 'users:manage' },
  { href: '/admin/audit', label: 'Audit trail', permission: 'audit:read' },
]

/** Only renders the chrome; every page checks access itself (CONVENTIONS.md, principle 2). */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor()
  const items = NAV.filter((n) => can(actor, n.permission)).map(({ href, label }) => ({ href, label }))
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="relative flex h-14 items-center justify-between gap-3 bg-brand-900 px-4 lg:sticky lg:top-0 lg:h-screen lg:flex-col lg:items-stretch lg:justify-start lg:gap-6 lg:px-3 lg:py-5">
        <Link href="/" className="flex items-center gap-2 text-white lg:px-3">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-white/15 text-sm font-black">K9</span>
          <span className="text-lg font-bold tracking-tight">Casebook</span>
        </Link>
        <AppNav items={items} />
        <div className="hidden text-sm text-slate-300 lg:mt-auto lg:block lg:px-3">
          <p className="font-medium text-white">{actor.name}</p>
          <p>{ROLE_LABELS[actor.role]}</p>
          <p className="mt-2 flex gap-3">
            <Link href="/account" className="underline hover:text-white">Account</Link>
            <Link href="/sign-out" className="underline hover:text-white">Sign out</Link>
          </p>
        </div>
      </header>
      <div className="min-w-0">
        <div className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm lg:hidden">
          <span className="truncate text-slate-700">
            {actor.name} · {ROLE_LABELS[actor.role]}
          </span>
          <Link href="/sign-out" className="font-medium link">Sign out</Link>
        </div>
        {can(actor, 'search:use') ? <SearchBox /> : null}
        <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  )
}
