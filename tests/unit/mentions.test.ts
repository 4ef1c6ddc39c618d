import { describe, expect, it } from 'vitest'
import { mentionedIds, mentionKey, mentionToken, noteAsText, parseNote } from '@/lib/mentions'

const ID = '0193a5b2-7c1d-7e4f-8a9b-0c1d2e3f4a5b'

describe('case-note mentions', () => {
  it('round-trips a picked record through the note text', () => {
    const token = mentionToken('dog', ID.toUpperCase(), 'K-9 Rex (K9-101)')
    expect(token).toBe(`@[K-9 Rex (K9-101)](dog:${ID})`)
    expect(parseNote(`See ${token}, then call.`)).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'mention', type: 'dog', id: ID, label: 'K-9 Rex (K9-101)' },
      { kind: 'text', text: ', then call.' },
    ])
  })

  it('keeps brackets and line breaks in a label from ending or forging a token', () => {
    const token = mentionToken('medical', ID, 'Exam [draft]\n](dog:x)')
    expect(parseNote(token)).toEqual([{ kind: 'mention', type: 'medical', id: ID, label: 'Exam draft (dog:x)' }])
  })

  it('leaves text that only looks like a mention alone (unknown kind, bad id)', () => {
    for (const text of [`@[x](user:${ID})`, '@[x](dog:not-an-id)', `@[](dog:${ID})`]) expect(parseNote(text)).toEqual([{ kind: 'text', text }])
  })

  it('prints mentions as current titles or "[restricted record]", and lists what a set of notes mentions', () => {
    const body = `${mentionToken('dog', ID, 'Old label')} and ${mentionToken('lab', ID, 'Secret')}`
    expect(noteAsText(body, new Map([[mentionKey('dog', ID), { title: 'K-9 Rex (K9-101)' }]]))).toBe('K-9 Rex (K9-101) and [restricted record]')
    expect(mentionedIds([body, body])).toMatchObject({ dog: [ID], lab: [ID], incident: [] })
  })
})
