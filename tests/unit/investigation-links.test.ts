import { describe, expect, it } from 'vitest'
import { linkGroups, type ActiveLink } from '@/lib/investigation-links'
import type { LinkTargetType } from '@/lib/generated/prisma/enums'

/** `n` active links of a type, numbered in the order the investigation made them. */
function links(type: LinkTargetType, n: number, from = 0): ActiveLink[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${type}-${from + i}`,
    targetType: type,
    relation: i === 0 ? 'SUBJECT' : 'RELATED',
    note: i === 0 ? 'Same modus operandi' : null,
    createdAt: new Date(Date.UTC(2026, 10, 16, 9, i)),
    createdBy: 'Det. Noah Fischer',
    target: { title: `${type} ${from + i}`, subtitle: null, date: null, href: `/x/${from + i}`, restricted: false },
  }))
}

describe('the linked records an investigation page lists', () => {
  it('groups the links by type in a fixed order (dogs first), whatever order they came in, and leaves out types with none', () => {
    const groups = linkGroups([...links('EVIDENCE_ITEM', 2), ...links('DOG', 1), ...links('INCIDENT', 3)], {}, null, 10)
    expect(groups.map((g) => [g.type, g.label, g.count, g.more])).toEqual([
      ['DOG', 'Dogs', 1, false],
      ['INCIDENT', 'Incidents', 3, false],
      ['EVIDENCE_ITEM', 'Evidence items', 2, false],
    ])
    expect(groups[1]!.links.map((l) => l.id)).toEqual(['INCIDENT-0', 'INCIDENT-1', 'INCIDENT-2'])
  })

  it('lists the first ones of a type with more links than shown, with the type’s whole count and a way to all of them', () => {
    // The page reads a window: 10 of 14 dogs came, the count is of all 14.
    const [dogs] = linkGroups(links('DOG', 10), { DOG: 14 }, null, 10)
    expect(dogs).toMatchObject({ type: 'DOG', count: 14, more: true })
    expect(dogs!.links).toHaveLength(10)
    // More links came than are shown: still the first 10.
    const [many] = linkGroups(links('DOG', 12), { DOG: 12 }, null, 10)
    expect(many!.links.map((l) => l.id)).toEqual(links('DOG', 10).map((l) => l.id))
    expect(many!.more).toBe(true)
  })

  it('lists every link of the expanded type, and no way to "all of them" under it; the other types stay windowed', () => {
    const groups = linkGroups([...links('DOG', 14), ...links('INCIDENT', 12)], { DOG: 14, INCIDENT: 12 }, 'DOG', 10)
    expect(groups[0]).toMatchObject({ type: 'DOG', count: 14, more: false })
    expect(groups[0]!.links).toHaveLength(14)
    expect(groups[1]).toMatchObject({ type: 'INCIDENT', more: true })
    expect(groups[1]!.links).toHaveLength(10)
  })

  it('needs no "all of them" when a type has exactly as many links as are shown', () => {
    expect(linkGroups(links('INCIDENT', 10), { INCIDENT: 10 }, null, 10)[0]!.more).toBe(false)
  })

  it('gives each tile what it shows, with the relation in words', () => {
    const [tile] = linkGroups(links('DOG', 1), { DOG: 1 }, null, 10)[0]!.links
    expect(tile).toEqual({
      id: 'DOG-0',
      relation: 'SUBJECT',
      relationLabel: 'Subject',
      title: 'DOG 0',
      subtitle: null,
      date: null,
      href: '/x/0',
      restricted: false,
      note: 'Same modus operandi',
      createdBy: 'Det. Noah Fischer',
      createdAt: new Date(Date.UTC(2026, 10, 16, 9, 0)),
    })
  })
})
