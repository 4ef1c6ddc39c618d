/**
 * Repeated typed fields of a form (`officers.0`, `officers.1`…): each is its
 * own field so that a problem shows next to the entry it is about. The
 * `<name>.<i>` keys become `<name>: [...]` by position (a missing position is
 * an empty entry, so the positions stay those of the fields); at most `max`.
 */
export function collectNumbered(raw: unknown, name: string, max: number): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  const out: Record<string, unknown> = {}
  const list: unknown[] = []
  const pattern = new RegExp(`^${name}\\.(\\d{1,2})$`)
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const m = pattern.exec(key)
    if (!m) out[key] = value
    else if (Number(m[1]) < max) list[Number(m[1])] = value
  }
  if (list.length) out[name] = Array.from({ length: list.length }, (_, i) => list[i] ?? '')
  return out
}
