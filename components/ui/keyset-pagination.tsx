import { Link } from '@/components/ui/link'
import { INPUT_CLASS } from './field'

type Props = {
  basePath: string
  /** The list's filters, kept by every link and by the date form. */
  params: Record<string, string | undefined>
  shown: number
  total: number
  /** false: total is an estimate ("about …"). */
  exact: boolean
  /** More rows than `total` (a count that stopped at a cap): "more than …". */
  more?: boolean
  noun: [singular: string, plural: string]
  /** Cursors of the neighbouring pages (null: none). */
  prev: string | null
  next: string | null
  atStart: boolean
  atEnd: boolean
  firstLabel: string
  lastLabel: string
  /** The day in the date form (the current jump, if any). */
  jump?: string
  jumpLabel: string
}

const LINK = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50'

/**
 * Keyset pagination (Previous / Next from a row, the two ends, and a jump to
 * a date) for lists too long to number their pages: no count(*) and no
 * OFFSET, so a page deep in a million rows is as quick as the first.
 */
export function KeysetPagination({ basePath, params, shown, total, exact, more = false, noun, prev, next, atStart, atEnd, firstLabel, lastLabel, jump, jumpLabel }: Props) {
  const href = (extra: Record<string, string>) => {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
    for (const [k, v] of Object.entries(extra)) q.set(k, v)
    const s = q.toString()
    return s ? `${basePath}?${s}` : basePath
  }
  const count = `${more ? 'more than ' : exact ? '' : 'about '}${total.toLocaleString('en-US')} ${total === 1 ? noun[0] : noun[1]}`
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-end justify-between gap-3">
      <p className="text-sm text-slate-600">
        {shown ? `Showing ${shown} of ${count}` : count}
      </p>
      <form method="get" action={basePath} className="flex items-end gap-2">
        {Object.entries(params).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
        <div>
          <label htmlFor="jump" className="block text-sm font-medium">{jumpLabel}</label>
          <input id="jump" name="jump" type="date" defaultValue={jump ?? ''} className={INPUT_CLASS} />
        </div>
        <button className={LINK}>Go</button>
      </form>
      <div className="flex flex-wrap gap-2">
        {!atStart ? <Link className={LINK} href={href({})}>{firstLabel}</Link> : null}
        {prev ? <Link className={LINK} href={href({ before: prev })} rel="prev">Previous</Link> : null}
        {next ? <Link className={LINK} href={href({ after: next })} rel="next">Next</Link> : null}
        {!atEnd && next ? <Link className={LINK} href={href({ end: '1' })}>{lastLabel}</Link> : null}
      </div>
    </nav>
  )
}
