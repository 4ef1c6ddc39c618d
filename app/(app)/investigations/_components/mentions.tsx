import Link from 'next/link'

/**
 * A case note with its mentions turned into links: any linked record's number
 * (incident, evidence, K-9, badge) written in the note opens that record.
 * Plain text otherwise (React escapes it).
 */
export function NoteBody({ body, references }: { body: string; references: Array<{ token: string; href: string }> }) {
  const refs = references.filter((r) => r.token.length >= 3).sort((a, b) => b.token.length - a.token.length)
  if (refs.length === 0) return <p className="whitespace-pre-line text-sm">{body}</p>
  const escaped = refs.map((r) => r.token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\w-])(${escaped.join('|')})(?![\\w-])`, 'g')
  const hrefOf = new Map(refs.map((r) => [r.token, r.href]))
  const parts: React.ReactNode[] = []
  let last = 0
  for (const m of body.matchAll(pattern)) {
    const start = m.index ?? 0
    if (start > last) parts.push(body.slice(last, start))
    parts.push(
      <Link key={`${start}`} href={hrefOf.get(m[0])!} className="font-medium text-brand-700 underline">
        {m[0]}
      </Link>,
    )
    last = start + m[0].length
  }
  if (last < body.length) parts.push(body.slice(last))
  return <p className="whitespace-pre-line text-sm">{parts}</p>
}
