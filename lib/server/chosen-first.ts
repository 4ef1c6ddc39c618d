import 'server-only'

/**
 * A page chosen on its own table, then loaded with its relations
 * (PERFORMANCE: in one statement Prisma joins the relations and counts for
 * every matching row before the sort and the OFFSET — 500 alerts, 3,000
 * handlers, 20,000 investigations — to show 10 to 25 of them). `choose`
 * returns the page's ids in order; `load` loads rows by id, in any order;
 * the rows come back in the chosen order.
 */
export async function chosenFirst<R extends { id: string }>(choose: () => Promise<Array<{ id: string }>>, load: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const chosen = await choose()
  if (chosen.length === 0) return []
  const byId = new Map((await load(chosen.map((c) => c.id))).map((r) => [r.id, r]))
  return chosen.flatMap(({ id }) => byId.get(id) ?? [])
}
