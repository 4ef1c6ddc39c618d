import type { LinkRelation, LinkTargetType } from '@/lib/generated/prisma/enums'
import { RELATION_LABELS, TARGET_LABELS } from '@/lib/schemas/investigations'

/**
 * Which linked records an investigation page lists, as the tiles of
 * app/(app)/investigations/_components/linked-records.tsx: the groups in a
 * fixed order of types, the first `shown` links of each, all of them for the
 * type the reader expanded (?links=<type>) or when there are no more.
 */

export const LINK_TYPE_ORDER: LinkTargetType[] = ['DOG', 'INCIDENT', 'DEPLOYMENT', 'MEDICAL_RECORD', 'ATTACHMENT', 'EVIDENCE_ITEM', 'LAB_RESULT', 'HANDLER']

/** An active link as getInvestigation returns it (the fields a tile shows). */
export type ActiveLink = {
  id: string
  targetType: LinkTargetType
  relation: LinkRelation
  note: string | null
  createdAt: Date
  createdBy: string
  target: { title: string; subtitle: string | null; date: Date | null; href: string | null; restricted: boolean }
}

export type LinkTile = {
  id: string
  relation: LinkRelation
  relationLabel: string
  title: string
  subtitle: string | null
  date: Date | null
  href: string | null
  restricted: boolean
  note: string | null
  createdBy: string
  createdAt: Date
}

export type LinkGroup = {
  type: LinkTargetType
  /** The type's name, plural ("Dogs"). */
  label: string
  /** Active links of the type, also those not listed. */
  count: number
  /** The first of them, or all when the type is expanded. */
  links: LinkTile[]
  /** Whether some are not listed (the group then links to all of them). */
  more: boolean
}

export function linkGroups(activeLinks: ActiveLink[], counts: Partial<Record<LinkTargetType, number>>, expanded: LinkTargetType | null, shown: number): LinkGroup[] {
  return LINK_TYPE_ORDER.flatMap((type) => {
    const links = activeLinks.filter((l) => l.targetType === type)
    if (links.length === 0) return []
    const count = counts[type] ?? links.length
    const all = expanded === type || count <= shown
    return [{ type, label: TARGET_LABELS[type], count, more: !all, links: (all ? links : links.slice(0, shown)).map(linkTile) }]
  })
}

function linkTile(l: ActiveLink): LinkTile {
  const t = l.target
  return { id: l.id, relation: l.relation, relationLabel: RELATION_LABELS[l.relation], title: t.title, subtitle: t.subtitle, date: t.date, href: t.href, restricted: t.restricted, note: l.note, createdBy: l.createdBy, createdAt: l.createdAt }
}
