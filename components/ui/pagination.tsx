import { Link } from '@/components/ui/link'

/** Server-side pagination links that keep the other query parameters. */
export function Pagination({
  page,
  pageCount,
  total,
  more = false,
  narrow,
  basePath,
  params,
  noun = ['record', 'records'],
}: {
  page: number
  pageCount: number
  total: number
  /** More rows match than the list counts and pages (lib/server/pagination.ts): `total` is the cap. */
  more?: boolean
  /** How to narrow the list, said when there are more (e.g. "Filter by dog to reach older records."). */
  narrow?: string
  basePath: string
  params: Record<string, string | undefined>
  /** What the list holds, singular and plural. */
  noun?: [string, string]
}) {
  const [one, many] = noun
  const count = more ? `More than ${total.toLocaleString('en-US')} ${many}` : `${total.toLocaleString('en-US')} ${total === 1 ? one : many}`
  if (pageCount <= 1 && !more) return <p className="mt-4 text-sm text-slate-600">{count}</p>
  const href = (p: number) => {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
    if (p > 1) q.set('page', String(p))
    const s = q.toString()
    return s ? `${basePath}?${s}` : basePath
  }
  const link = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50'
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600">
        Page {page} of {pageCount} · {count}
        {more ? <span className="block">The newest {total.toLocaleString('en-US')} are listed. {narrow ?? 'Narrow the list to reach older ones.'}</span> : null}
      </p>
      <div className="flex gap-2">
        {page > 1 ? <Link className={link} href={href(page - 1)} rel="prev">Previous</Link> : null}
        {page < pageCount ? <Link className={link} href={href(page + 1)} rel="next">Next</Link> : null}
      </div>
    </nav>
  )
}
