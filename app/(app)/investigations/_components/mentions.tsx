import { Link } from '@/components/ui/link'
import { mentionKey, parseNote, RESTRICTED_MENTION } from '@/lib/mentions'

export type ResolvedMentions = Record<string, { title: string; href: string | null }>

/**
 * A case note with its mentions turned into links. A picked mention
 * (`@[label](kind:id)`, lib/mentions.ts) shows the record's current title as
 * a link when the reader may read it and "restricted record" otherwise (never
 * the label stored in the note). A linked record's number (incident, evidence,
 * K-9, badge) written as plain text also opens that record. React escapes the rest.
 */
export function NoteBody({ body, references, mentions }: { body: string; references: Array<{ token: string; href: string }>; mentions: ResolvedMentions }) {
  const parts: React.ReactNode[] = []
  parseNote(body).forEach((segment, i) => {
    if (segment.kind === 'text') {
      parts.push(...linkNumbers(segment.text, references, `t${i}`))
      return
    }
    const resolved = mentions[mentionKey(segment.type, segment.id)]
    if (!resolved) {
      parts.push(
        <span key={`m${i}`} className="rounded bg-slate-100 px-1 text-slate-600 italic">
          {RESTRICTED_MENTION}
        </span>,
      )
    } else if (resolved.href) {
      parts.push(
        <Link key={`m${i}`} href={resolved.href} className="font-medium link">
          {resolved.title}
        </Link>,
      )
    } else {
      parts.push(<span key={`m${i}`} className="font-medium">{resolved.title}</span>)
    }
  })
  return <p className="whitespace-pre-line text-sm">{parts}</p>
}

function linkNumbers(text: string, references: Array<{ token: string; href: string }>, keyPrefix: string): React.ReactNode[] {
  const refs = references.filter((r) => r.token.length >= 3).sort((a, b) => b.token.length - a.token.length)
  if (refs.length === 0) return [text]
  const escaped = refs.map((r) => r.token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\w-])(${escaped.join('|')})(?![\\w-])`, 'g')
  const hrefOf = new Map(refs.map((r) => [r.token, r.href]))
  const parts: React.ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0
    if (start > last) parts.push(text.slice(last, start))
    parts.push(
      <Link key={`${keyPrefix}-${start}`} href={hrefOf.get(m[0])!} className="font-medium link">
        {m[0]}
      </Link>,
    )
    last = start + m[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}
