'use client'

import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { formatDate } from '@/lib/format'
import type { LinkGroup, LinkTile } from '@/lib/investigation-links'
import { RemoveLinkForm } from './forms'

/*
 * The investigation page's "Linked records": a client component fed with the
 * links as data. PERFORMANCE: a case shows up to 10 links of each of its
 * types (50 tiles for the 200-link case), and as server elements each tile
 * was sent twice, once as HTML and once as its RSC payload (decision 020, as
 * the incident rows, the alert list and the dashboards' lists).
 */

export function LinkedRecords({ investigationId, groups, expandedType, canManage, removing }: { investigationId: string; groups: LinkGroup[]; expandedType: string | null; canManage: boolean; removing: string | null }) {
  return (
    <div className="space-y-5">
      {groups.map((g) => (
        <section key={g.type} aria-labelledby={`links-${g.type}`} id={`links-of-${g.type}`}>
          <h3 id={`links-${g.type}`} className="text-sm font-semibold text-slate-800">
            {g.label} <span className="font-normal text-slate-600">({g.count})</span>
          </h3>
          <ul className="mt-2 space-y-3">
            {g.links.map((l) => (
              <LinkItem key={l.id} link={l} investigationId={investigationId} canManage={canManage} removing={removing === l.id} expandedType={expandedType} />
            ))}
          </ul>
          {g.more ? (
            <p className="mt-2 text-sm">
              <Link href={`/investigations/${investigationId}?links=${g.type}#links-of-${g.type}`} className="font-medium link">
                Show all {g.count} {g.label.toLowerCase()}
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  )
}

function LinkItem({ link, investigationId, canManage, removing, expandedType }: { link: LinkTile; investigationId: string; canManage: boolean; removing: boolean; expandedType: string | null }) {
  // The page as it is, with or without this link's removal form open, back at this link.
  const here = (remove: boolean) => {
    const params = new URLSearchParams()
    if (expandedType) params.set('links', expandedType)
    if (remove) params.set('remove', link.id)
    const q = params.toString()
    return `/investigations/${investigationId}${q ? `?${q}` : ''}#link-${link.id}`
  }
  return (
    <li className="tile" id={canManage ? `link-${link.id}` : undefined}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={link.relation === 'LEAD' ? 'amber' : link.relation === 'SUBJECT' ? 'violet' : 'blue'}>{link.relationLabel}</Badge>
        {link.date ? <span className="text-xs text-slate-500">{formatDate(link.date)}</span> : null}
      </div>
      <p className="mt-1 text-sm font-medium">
        {link.href ? <Link href={link.href} className="link-quiet">{link.title}</Link> : link.title}
      </p>
      {link.subtitle ? <p className={link.restricted ? 'text-xs italic text-slate-500' : 'text-xs text-slate-600'}>{link.subtitle}</p> : null}
      {link.note ? <p className="mt-1 text-sm text-slate-800">{link.note}</p> : null}
      <p className="mt-1 text-xs text-slate-500">Linked by {link.createdBy}, {formatDate(link.createdAt)}</p>
      {canManage ? (
        removing ? (
          <RemoveLinkForm investigationId={investigationId} linkId={link.id} title={link.title} cancelHref={here(false)} />
        ) : (
          <p className="text-sm">
            <Link href={here(true)} scroll={false} className="inline-flex min-h-11 items-center text-slate-600 underline">
              Remove link<span className="sr-only"> to {link.title}</span>…
            </Link>
          </p>
        )
      ) : null}
    </li>
  )
}
