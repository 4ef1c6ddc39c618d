/**
 * Text PostgreSQL can store. A NUL character is refused by `text` and `jsonb`
 * columns alike, and a lone UTF-16 surrogate by `jsonb` ("unsupported Unicode
 * escape sequence"): either turned a hostile form field, query string or
 * audit detail into a 500 (docs/decisions/017-hostile-input.md). No browser
 * sends them from a text field, so they are dropped (NUL) or replaced with
 * U+FFFD (a lone surrogate, as UTF-8 encoding would) where input enters.
 */
export function storableText(value: string): string {
  const withoutNul = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value
  // toWellFormed: each lone surrogate → U+FFFD, exactly what UTF-8 encoding does.
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed()
}

/** storableText on every string (and key) of a JSON-like value. */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T
  if (Array.isArray(value)) return value.map(storableJson) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)])) as T
  }
  return value
}
