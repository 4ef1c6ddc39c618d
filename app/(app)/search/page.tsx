import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { SEARCH_MIN_LENGTH, SearchSchema } from '@/lib/schemas/search'
import { requirePermission } from '@/lib/server/auth'
import { matchesList } from '@/lib/server/search/lists'
import { HITS_PER_KIND, search, type SearchKind } from '@/lib/server/search/queries'
import { SearchHits } from './_components/search-hits'

export const metadata: Metadata = { title: 'Search' }

/** Under a group with more hits than it shows: how to narrow the search, and the list that has every match when there is one. */
function MoreHits({ kind, q, typos }: { kind: SearchKind; q: string; typos: string[] }) {
  const list = matchesList(kind, q, typos)
  return (
    <p className="mt-2 text-sm text-slate-600">
      Showing the best {HITS_PER_KIND}. Add a word or a longer number to narrow it down
      {list ? (
        <>
          , or see{' '}
          <Link href={list.href} className="link">
            {list.label}
          </Link>
        </>
      ) : null}
      .
    </p>
  )
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('search:use')
  const { q } = SearchSchema.parse(await searchParams)
  const result = q ? await search(actor, q) : null
  return (
    <>
      <PageHeader title="Search" subtitle="Dogs, handlers, incidents, medical records, evidence and investigations you may open. Typos and partial numbers are fine." />
      <form role="search" aria-label="Search again" action="/search" method="get" className="mb-6 flex max-w-2xl gap-2">
        <label htmlFor="search-page-q" className="sr-only">Search terms</label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:text-sm"
        />
        <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Search</button>
      </form>
      {!result ? (
        <EmptyState title="Type a name, a number or a few words." />
      ) : result.tooShort ? (
        <EmptyState title={`Type at least ${SEARCH_MIN_LENGTH} characters.`} />
      ) : result.groups.length === 0 ? (
        <EmptyState title={`Nothing found for “${result.q}”.`}>Check the spelling, or try part of a number (e.g. EV-2026-00).</EmptyState>
      ) : (
        <div className="space-y-6">
          <p className="text-sm text-slate-600" role="status">
            Results for “{result.q}”, grouped by kind.
          </p>
          {result.groups.map((g) => (
            <Card key={g.kind} id={`results-${g.kind}`} title={`${g.label} (${g.more ? `${HITS_PER_KIND}+` : g.hits.length})`}>
              <SearchHits hits={g.hits} />
              {g.more ? <MoreHits kind={g.kind} q={result.q} typos={result.typos} /> : null}
            </Card>
          ))}
        </div>
      )}
    </>
  )
}
