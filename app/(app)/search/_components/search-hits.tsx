'use client'

import { Link } from '@/components/ui/link'
import { Highlighted } from '@/components/ui/highlighted'
import type { SearchHit } from '@/lib/server/search/queries'

/*
 * One kind's hits on the search page. PERFORMANCE: a client component fed
 * with the hits as data, so each hit's markup (a link and its highlighted
 * words) is rendered once rather than also sent as the RSC payload (decision
 * 020, as the incident rows and the dashboards' lists).
 */

export function SearchHits({ hits }: { hits: SearchHit[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {hits.map((h) => (
        <li key={h.id} className="py-2">
          <Link href={h.href} className="font-medium link">
            <Highlighted segments={h.title} />
          </Link>
          <span className="ml-2 text-sm text-slate-600">{h.subtitle}</span>
          {h.snippet.length > 0 ? (
            <p className="text-sm text-slate-700">
              <Highlighted segments={h.snippet} />
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
