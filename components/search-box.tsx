/**
 * The search box at the top of every page: a plain GET form to /search, so it
 * works before any JavaScript loads. Results are scoped on the server
 * (lib/server/search/queries.ts).
 */
export function SearchBox({ defaultValue = '', id = 'site-search' }: { defaultValue?: string; id?: string }) {
  return (
    <div className="border-b border-slate-200 bg-white px-4 py-2 sm:px-6 lg:px-8">
      <form role="search" aria-label="Site search" action="/search" method="get" className="mx-auto flex max-w-7xl items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Search dogs, handlers, incidents, medical records, evidence and investigations
        </label>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={100}
          placeholder="Search: name, number (EV-2026-…), words…"
          autoComplete="off"
          className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:max-w-md sm:text-sm"
        />
        <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">
          Search
        </button>
      </form>
    </div>
  )
}
