import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/server/db'
import { createTestDatabase, testAdminUrl } from '../helpers/test-db'

/**
 * The integration harness itself: a file's own database behind lib/server/db,
 * extra databases from the migrated template, and their removal.
 */

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testAdminUrl() })
  await client.connect()
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1
  } finally {
    await client.end()
  }
}

describe('integration harness', () => {
  it('points lib/server/db at a migrated database of this file', async () => {
    const [row] = await db.$queryRaw<Array<{ name: string }>>`SELECT current_database() AS name`
    expect(row?.name).toMatch(/^k9_test_/)
    expect(new URL(process.env.DATABASE_URL ?? '').pathname).toBe(`/${row?.name}`)
    const migrations = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`
    expect(Number(migrations[0]?.n)).toBeGreaterThan(0)
    expect(await db.user.count()).toBe(0)
  })

  it('creates a separate database from the template, queries it, and drops it', async () => {
    const t = await createTestDatabase()
    const name = new URL(t.url).pathname.slice(1)
    try {
      expect(name).not.toBe(new URL(process.env.DATABASE_URL ?? '').pathname.slice(1))
      await t.db.user.create({ data: { email: 'harness@k9.test', name: 'Harness', role: 'ADMIN', passwordHash: 'x' } })
      expect(await t.db.user.count()).toBe(1)
      expect(await db.user.count()).toBe(0) // the file's database is untouched
      expect(await databaseExists(name)).toBe(true)
    } finally {
      await t.drop()
    }
    expect(await databaseExists(name)).toBe(false)
  })
})
