'use client'

import { Link } from '@/components/ui/link'
import { usePathname } from 'next/navigation'

export type NavItem = { href: string; label: string }

/**
 * Primary navigation: a sidebar on wide screens and a disclosure menu on a
 * phone (a native <details>, so it works before any JavaScript loads).
 */
export function AppNav({ items }: { items: NavItem[] }) {
  const current = usePathname()
  const list = (
    <ul className="flex flex-col gap-1">
      {items.map((item) => {
        const active = current === item.href || current.startsWith(`${item.href}/`)
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className="nav-link"
            >
              {item.label}
            </Link>
          </li>
        )
      })}
    </ul>
  )
  return (
    <>
      <nav aria-label="Main" className="hidden lg:block">
        {list}
      </nav>
      <details className="group lg:hidden">
        <summary className="flex min-h-11 cursor-pointer list-none items-center rounded-lg px-3 text-sm font-semibold text-white ring-1 ring-white/30 [&::-webkit-details-marker]:hidden">
          Menu
        </summary>
        <nav aria-label="Main" className="absolute inset-x-0 top-14 z-20 border-b border-white/10 bg-brand-900 px-4 pb-4">
          {list}
        </nav>
      </details>
    </>
  )
}
