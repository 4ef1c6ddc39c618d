/**
 * Generators of hostile input for tests/integration/hostile-input.test.ts
 * (issue 9 item 1, docs/decisions/017-hostile-input.md). Everything a form
 * field, a route parameter or a query string can carry that the server did not
 * ask for: wrong types, huge and empty strings, odd Unicode, hostile numbers,
 * SQL and HTML fragments, ids of the wrong kind.
 */
import fc from 'fast-check'

/** 100 kB+ strings are built once: generating them afresh on every run would dominate the run time. */
const HUGE_ASCII = 'A'.repeat(100 * 1024 + 7)
const HUGE_UNICODE = '\u202Eד🐕\u200B\u0000'.repeat(21_000) // 105 000 UTF-16 units, RTL override, Hebrew, emoji, zero width, NUL
const HUGE_DIGITS = '9'.repeat(120_000)

export const ODD_UNICODE = [
  '\u202Egpj.exe', // right-to-left override
  '\u2066\u2067\u2068\u2069', // bidi isolates
  '\u200B\u200C\u200D\u2060\uFEFF', // zero width, BOM
  '\uD800', // lone high surrogate
  'ab\uDFFFcd', // lone low surrogate
  '\uD83D', // half an emoji
  'Rex\u0000', // NUL
  '\u0000',
  'e\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  'Ｒｅｘ', // full-width
  'İıſK', // case-mapping surprises (Turkish i, long s, Kelvin sign)
  '\u00A0\u2003\u3000', // non-ASCII spaces only
  '\r\n\t\v\f',
  '🐕‍🦺👮🏽‍♀️',
  '١٢٣٤', // Arabic-Indic digits
  '𝟙𝟚𝟛', // mathematical digits
]

export const SQL_AND_HTML = [
  "' OR '1'='1",
  "'; DROP TABLE \"User\"; --",
  '" OR ""="',
  "1; SELECT pg_sleep(5)--",
  "' UNION SELECT \"passwordHash\" FROM \"User\"--",
  '\\',
  "%' AND 1=1 --",
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%0d%0a',
  '__proto__',
  'constructor',
  '[object Object]',
  '{"$ne":null}',
  'null',
  'undefined',
  'true',
]

export const HOSTILE_NUMBERS = ['-1', '0', '-0', '1.5', 'NaN', 'Infinity', '-Infinity', '1e309', '9007199254740993', '2147483648', '-2147483649', '9999999999999999999', '9223372036854775808', '0x10', '1_000', ' 1', '1 ', '+1', '01', '١', 'one', '1e3', '.5', HUGE_DIGITS]

export const HOSTILE_DATES = ['2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31T23:59', '275760-09-13', '-000001-01-01', '2026-01-01T25:61', 'yesterday', '01/02/2026', '1970-01-01T00:00:00Z', '2026-1-1', '']

/** Ids that name no record, malformed ids, and ids of existing records of whatever kind the test supplies. */
export function hostileId(existing: readonly string[]): fc.Arbitrary<string> {
  const malformed = fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-7000-8000-000000000000',
    '1',
    '-1',
    "00000000-0000-7000-8000-000000000000' OR '1'='1",
    '00000000-0000-7000-8000-00000000000g',
    ' 00000000-0000-7000-8000-000000000000',
    '00000000-0000-7000-8000-000000000000\u0000',
  )
  const arbs: fc.Arbitrary<string>[] = [fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), malformed]
  if (existing.length > 0) arbs.push(fc.constantFrom(...existing), fc.constantFrom(...existing).map((id) => `${id} `))
  return fc.oneof(...arbs.map((arbitrary, i) => ({ arbitrary, weight: i === 3 ? 1 : 2 })))
}

/** Any string an attacker (or a broken client) might send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', ' ', '   ', '\u0000') },
  // 100 kB+: rarer than the rest (each costs milliseconds to send and parse), still dozens per entry.
  { weight: 1, arbitrary: fc.constantFrom(HUGE_ASCII, HUGE_UNICODE, HUGE_DIGITS) },
  { weight: 4, arbitrary: fc.constantFrom(...ODD_UNICODE) },
  { weight: 4, arbitrary: fc.constantFrom(...SQL_AND_HTML) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_DATES) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, // any code point, lone surrogates included
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SQL_AND_HTML), fc.constantFrom(...ODD_UNICODE)).map(([a, b]) => `${b}${a}${b}`) },
)

/** Names of fields nobody asked for: mass assignment, prototype pollution, Next's own action fields. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'role', 'createdById', 'actorId', 'userId', 'version', 'status', 'passwordHash', 'sha256', 'deletedAt', '$ACTION_ID_0', '$ACTION_REF_1', 'deployments.99.dogId', 'deployments.-1.dogId', 'deployments.__proto__.dogId', 'a.b.c'),
  fc.string({ minLength: 1, maxLength: 12 }),
)

export type FieldValue = { kind: 'text'; value: string } | { kind: 'file'; bytes: Uint8Array; name: string; type: string }

/** A file where a string was expected (or a file field with odd bytes): FormData carries Blobs too. */
export const hostileFile: fc.Arbitrary<FieldValue> = fc.record({
  kind: fc.constant('file' as const),
  bytes: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 64 }), fc.constant(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))),
  name: fc.constantFrom('x.png', '../../etc/passwd', 'a\u0000.png', '\u202Egnp.exe', ''),
  type: fc.constantFrom('image/png', 'text/html', 'application/octet-stream', ''),
})

/** Build a FormData from (name, value) pairs; a name may repeat. */
export function toFormData(pairs: ReadonlyArray<readonly [string, FieldValue]>): FormData {
  const form = new FormData()
  for (const [name, v] of pairs) {
    if (v.kind === 'text') form.append(name, v.value)
    else form.append(name, new Blob([v.bytes as BlobPart], { type: v.type }), v.name)
  }
  return form
}

/** A short description of a payload for failure messages (huge strings abbreviated). */
export function describePayload(pairs: ReadonlyArray<readonly [string, FieldValue]>): string {
  return JSON.stringify(
    pairs.map(([k, v]) => [k, v.kind === 'text' ? (v.value.length > 80 ? `${JSON.stringify(v.value.slice(0, 40))}…(${v.value.length} chars)` : v.value) : `<file ${v.name} ${v.bytes.length} bytes>`]),
  )
}
