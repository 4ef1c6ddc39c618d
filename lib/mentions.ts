/**
 * Mentions in case notes (issue 7). A mention is written into the note as a
 * stable reference to one record, `@[label](kind:uuid)`: the label is what
 * the author saw when they picked it (readable in the raw text), the kind and
 * id are what the note resolves when it is read. Readers see the record's
 * *current* title as a link when they may read it, and "restricted record"
 * otherwise: never the stored label, which may name something they may not
 * see. Browser-safe (no server imports).
 */

export const MENTION_KINDS = {
  incident: 'INCIDENT',
  deployment: 'DEPLOYMENT',
  dog: 'DOG',
  handler: 'HANDLER',
  medical: 'MEDICAL_RECORD',
  attachment: 'ATTACHMENT',
  evidence: 'EVIDENCE_ITEM',
  lab: 'LAB_RESULT',
} as const

export type MentionKind = keyof typeof MENTION_KINDS

export const MENTION_KIND_LABELS: Record<MentionKind, string> = {
  incident: 'Incident',
  deployment: 'Deployment',
  dog: 'Dog',
  handler: 'Handler',
  medical: 'Medical record',
  attachment: 'Attachment',
  evidence: 'Evidence item',
  lab: 'Lab result',
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
const TOKEN = new RegExp(`@\\[([^\\[\\]\\n]{1,120})\\]\\((${Object.keys(MENTION_KINDS).join('|')}):(${UUID})\\)`, 'g')

export type NoteSegment = { kind: 'text'; text: string } | { kind: 'mention'; type: MentionKind; id: string; label: string }

/** The key a resolved mention is looked up by. */
export function mentionKey(type: MentionKind, id: string): string {
  return `${type}:${id.toLowerCase()}`
}

/** A note's text split into plain text and mentions, in order. */
export function parseNote(body: string): NoteSegment[] {
  const out: NoteSegment[] = []
  let last = 0
  for (const m of body.matchAll(TOKEN)) {
    const start = m.index ?? 0
    if (start > last) out.push({ kind: 'text', text: body.slice(last, start) })
    out.push({ kind: 'mention', type: m[2] as MentionKind, id: m[3]!.toLowerCase(), label: m[1]! })
    last = start + m[0].length
  }
  if (last < body.length) out.push({ kind: 'text', text: body.slice(last) })
  return out
}

/** Every record a set of notes mentions, by kind (ids deduplicated). */
export function mentionedIds(bodies: readonly string[]): Record<MentionKind, string[]> {
  const out = Object.fromEntries(Object.keys(MENTION_KINDS).map((k) => [k, [] as string[]])) as Record<MentionKind, string[]>
  for (const body of bodies) for (const s of parseNote(body)) if (s.kind === 'mention' && !out[s.type].includes(s.id)) out[s.type].push(s.id)
  return out
}

/** The text to insert for a picked record; the label loses the characters that would end the token. */
export function mentionToken(type: MentionKind, id: string, label: string): string {
  const clean = label.replace(/[[\]\n\r]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || MENTION_KIND_LABELS[type]
  return `@[${clean}](${type}:${id.toLowerCase()})`
}

export const RESTRICTED_MENTION = 'restricted record'

/** A note as plain text (PDF, timeline): each mention as its current title, or "[restricted record]". */
export function noteAsText(body: string, resolved: ReadonlyMap<string, { title: string }>): string {
  return parseNote(body)
    .map((s) => (s.kind === 'text' ? s.text : (resolved.get(mentionKey(s.type, s.id))?.title ?? `[${RESTRICTED_MENTION}]`)))
    .join('')
}
