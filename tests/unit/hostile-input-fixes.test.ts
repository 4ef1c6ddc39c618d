import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import '@/lib/schemas/messages'
import { CreateMedicalRecordSchema } from '@/lib/schemas/medical'
import { AuditFilterSchema } from '@/lib/schemas/users'
import { storableJson, storableText } from '@/lib/text'

/** Regression tests for the defects the hostile-input suite found (docs/decisions/017-hostile-input.md). */

describe('plain messages instead of zod’s English', () => {
  const Schema = z.object({ version: z.coerce.number().int().min(1), name: z.string().max(5), kind: z.enum(['A', 'B']), id: z.uuid() })
  const messages = (input: unknown) => Object.fromEntries(Schema.safeParse(input).error!.issues.map((i) => [i.path.join('.'), i.message]))

  it('names each problem in words an officer understands', () => {
    expect(messages({})).toEqual({ version: 'Enter a number.', name: 'This field is required.', kind: 'This field is required.', id: 'This field is required.' })
    expect(messages({ version: 'abc', name: ['a', 'b'], kind: 'C', id: 'x' })).toEqual({
      version: 'Enter a number.',
      name: 'This field was sent more than once. Reload the page and try again.',
      kind: 'Choose one of the options offered.',
      id: 'This does not name a record we know. Reload the page and try again.',
    })
    expect(messages({ version: '0', name: 'toolong', kind: 'A', id: '00000000-0000-7000-8000-000000000000' })).toEqual({ version: 'Enter a number of at least 1.', name: 'Use at most 5 characters.' })
  })

  it('keeps a schema’s own message', () => {
    expect(z.string({ error: 'Enter the dog’s name.' }).safeParse(undefined).error!.issues[0]!.message).toBe('Enter the dog’s name.')
  })
})

describe('text PostgreSQL can store', () => {
  it('drops NUL and replaces lone surrogates, leaving proper text alone', () => {
    expect(storableText('Rex\u0000')).toBe('Rex')
    expect(storableText('a\uD800b\uDFFFc')).toBe('a\uFFFDb\uFFFDc')
    expect(storableText('🐕 \u202Egpj.exe ד')).toBe('🐕 \u202Egpj.exe ד')
    expect(storableJson({ 'k\u0000': ['\uD83D', { x: 1, y: null }] })).toEqual({ k: ['\uFFFD', { x: 1, y: null }] })
  })

  it('cleans the audit filters and ignores a cursor beyond bigint or a date', () => {
    expect(AuditFilterSchema.parse({ actor: 'ruiz\u0000', before: '1765000000000.9999999999999999999' })).toMatchObject({ actor: 'ruiz', before: undefined })
    expect(AuditFilterSchema.parse({ before: '1765000000000.9223372036854775807' }).before).toEqual({ at: new Date(1765000000000), seq: 9223372036854775807n })
    expect(AuditFilterSchema.parse({ before: '9999999999999999.1' }).before).toBeUndefined()
    // A cursor from before the trail was ordered by time (seq alone) starts again at the newest.
    expect(AuditFilterSchema.parse({ before: '9223372036854775807' }).before).toBeUndefined()
  })
})

describe('medical record schema', () => {
  it('answers a bad date with field errors instead of crashing in its follow-up check', () => {
    const result = CreateMedicalRecordSchema.safeParse({ kind: 'EXAM', occurredAt: 'not a date', followUpDueAt: '2026-01-01T10:00', findings: 'x' })
    expect(result.success).toBe(false)
    expect(result.error!.issues.some((i) => i.path[0] === 'occurredAt')).toBe(true)
  })
})
