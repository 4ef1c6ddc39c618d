import { describe, expect, it } from 'vitest'
import { matchesList } from './lists'

describe('the list a search group with more hits goes on to', () => {
  it('is the kind’s own list, filtered by the text as typed', () => {
    expect(matchesList('incidents', ' Hunter ', [])).toEqual({ href: '/incidents?q=Hunter', label: 'every incident containing “Hunter” in the incident list, newest first' })
    expect(matchesList('evidence', 'EV-2020-00', [])?.href).toBe('/evidence?q=EV-2020-00')
    expect(matchesList('dogs', 'Rex', [])?.label).toBe('every dog containing “Rex” in the dog list')
    expect(matchesList('investigations', 'INV-2024-00', [])?.href).toBe('/investigations?q=INV-2024-00')
    expect(matchesList('handlers', 'O’Brien&Co', [])?.href).toBe('/handlers?q=O%E2%80%99Brien%26Co')
    // The incident, evidence and medical lists read several words as search does, and its web-search syntax.
    expect(matchesList('incidents', 'warehouse culvert', [])).toEqual({ href: '/incidents?q=warehouse+culvert', label: 'every incident containing “warehouse culvert” in the incident list, newest first' })
    expect(matchesList('incidents', '"metal pipe"', [])?.href).toBe('/incidents?q=%22metal+pipe%22')
    expect(matchesList('incidents', 'pipe -metal', [])?.href).toBe('/incidents?q=pipe+-metal')
    expect(matchesList('evidence', 'pipe or bat', [])?.href).toBe('/evidence?q=pipe+or+bat')
    // A short word or a number is searched there too.
    expect(matchesList('incidents', 'ab', [])?.href).toBe('/incidents?q=ab')
    expect(matchesList('incidents', '2026-00', [])?.href).toBe('/incidents?q=2026-00')
    expect(matchesList('evidence', 'bullet fragment', [])?.href).toBe('/evidence?q=bullet+fragment')
    expect(matchesList('medical', 'smoke inhalation', [])).toEqual({ href: '/medical?q=smoke+inhalation', label: 'every medical record containing “smoke inhalation” in the medical list, newest first' })
  })

  it('is none where the list would not find what search found', () => {
    // A typo search corrected: the medical list reads the words as typed.
    expect(matchesList('medical', 'inhalaton', ['inhalation'])).toBeNull()
    // Search read "Rexx" as rex; the list would look for "Rexx".
    expect(matchesList('dogs', 'Rexx', ['rex'])).toBeNull()
    expect(matchesList('incidents', 'culvertt', ['culvert'])).toBeNull()
    // The other lists look for the text as one piece: several words are a phrase there, and web-search syntax means nothing.
    expect(matchesList('dogs', 'Rex Malinois', [])).toBeNull()
    expect(matchesList('investigations', 'pipe or bat', [])).toBeNull()
    expect(matchesList('dogs', '"Rex"', [])).toBeNull()
    // The investigation list needs a run of 3 characters; the dog list does not.
    expect(matchesList('investigations', 'x1', [])).toBeNull()
    expect(matchesList('dogs', 'ab', [])?.href).toBe('/dogs?q=ab')
  })
})
