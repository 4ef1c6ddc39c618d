import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Prisma } from '@/lib/generated/prisma/client'
import { HOT_STATEMENT_NAME } from '@/lib/pg-sessions'
import { db, hotRows, hotTransaction } from '@/lib/server/db'

/**
 * Issue 10, decision 030: the app's two kinds of PostgreSQL session. Prisma's
 * statements keep PostgreSQL's default planning; the hand-written statements
 * (hotRows) run where each is planned once per connection. The benchmark's
 * floor replays a statement on the matching kind of session by its name
 * (scripts/lib/sql-capture.ts), so every hand-written statement must be
 * named as HOT_STATEMENT_NAME says and no Prisma statement may be.
 */

const SETTINGS = Prisma.sql`SELECT current_setting('plan_cache_mode') AS plan, current_setting('jit') AS jit,
                                 current_setting('max_parallel_workers_per_gather') AS parallel`
type Settings = { plan: string; jit: string; parallel: string }

describe('the app’s PostgreSQL sessions', () => {
  it('plans a hand-written statement once per connection, and Prisma’s as PostgreSQL decides', async () => {
    const [hot] = await hotRows<Settings>({ name: 'k9_test_settings', text: SETTINGS.text }, [])
    expect(hot).toEqual({ plan: 'force_generic_plan', jit: 'off', parallel: '0' })
    const [prisma] = await db.$queryRaw<Settings[]>(SETTINGS)
    expect(prisma).toEqual({ plan: 'auto', jit: 'off', parallel: '0' })
  })

  it('names every hand-written statement so the benchmark replays it on the same kind of session', () => {
    const names: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (file.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/name: '(k9_[^']*)'/g)) names.push(m[1]!)
      }
    }
    walk(path.join(process.cwd(), 'lib', 'server'))
    expect(names).toContain('k9_dog_profile')
    expect(names).toContain('k9_session_check')
    for (const name of names) expect(name).toMatch(HOT_STATEMENT_NAME)
    // Prisma's statements are k9_ and a base-36 counter (lib/server/db.ts statementName).
    for (const n of [0, 35, 36, 499]) expect(`k9_${n.toString(36)}`).not.toMatch(HOT_STATEMENT_NAME)
    // Nor are hotTransaction's built statements (k9t_ and a counter), replayed on an app session in their transaction.
    for (const n of [0, 35, 36, 499]) expect(`k9t_${n.toString(36)}`).not.toMatch(HOT_STATEMENT_NAME)
  })

  it('runs a transaction of built statements on a hot session: its own plan settings for that transaction only, all or nothing', async () => {
    // Search's settings (lib/server/search/sql.ts searchPlanSettings) hold for the statements after them…
    const [, inside] = await hotTransaction([
      Prisma.sql`SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`,
      Prisma.sql`SELECT current_setting('plan_cache_mode') AS plan, current_setting('enable_seqscan') AS seqscan, ${'bound'}::text AS value`,
    ])
    expect(inside).toEqual([{ plan: 'force_custom_plan', seqscan: 'off', value: 'bound' }])
    // …and not after the commit, on the connection the pool hands out next.
    const [after] = await hotRows<{ plan: string; seqscan: string }>({ name: 'k9_test_after', text: `SELECT current_setting('plan_cache_mode') AS plan, current_setting('enable_seqscan') AS seqscan` }, [])
    expect(after).toEqual({ plan: 'force_generic_plan', seqscan: 'on' })
    // A failing statement rolls back what the ones before it wrote, and the error reaches the caller.
    await expect(hotTransaction([Prisma.sql`INSERT INTO "SearchWord" (word) VALUES (${'zzrollbackword'})`, Prisma.sql`SELECT 1 / ${0}::int`])).rejects.toThrow(/division by zero/)
    expect(await db.searchWord.count({ where: { word: 'zzrollbackword' } })).toBe(0)
    // The pool still answers.
    const [, two] = await hotTransaction([Prisma.sql`SELECT 1`, Prisma.sql`SELECT ${2}::int AS two`])
    expect(two).toEqual([{ two: 2 }])
  })
})
