/**
 * Databases for integration tests. Every one is a copy of k9_template (all
 * migrations applied, no rows), made by tests/global-setup.ts.
 *
 * HOW A TEST FILE GETS ITS DATABASE
 *
 * 1. The app's own code (`@/lib/server/**`): nothing to do. lib/server/db.ts
 *    builds its Prisma client from DATABASE_URL the moment it is first
 *    imported, so DATABASE_URL must be right before the test file's imports
 *    run. tests/helpers/integration-setup.ts (a vitest setupFile) does that:
 *    before each test file it creates the file's own database and sets
 *    DATABASE_URL, AUTH_SECRET and BLOB_DIR (a temp folder); after the file it
 *    disconnects the client and drops the database. So a file simply writes
 *
 *      import { db } from '@/lib/server/db'                         // this file's database
 *      import { recordTransfer } from '@/lib/server/evidence/commands'
 *
 *    and uses `db` for fixtures and assertions. Do not set DATABASE_URL in a
 *    test file: by then lib/server/db may already be bound.
 *
 * 2. A separate, pristine database with its own client (e.g. a seed or an
 *    invariant test that must see an empty database, or two databases side by
 *    side): `const t = await createTestDatabase()` in beforeAll, `t.drop()` in
 *    afterAll. It does not change DATABASE_URL, so lib/server keeps talking to
 *    the file's database (1).
 */
import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import { inject } from 'vitest'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { databaseUrl, quoteIdent, TEMPLATE_DATABASE, withAdmin } from './pg-admin'

export interface TestDatabase {
  /** postgresql:// URL of the new database. */
  url: string
  /** A Prisma client on it (PrismaPg adapter, like the app's). */
  db: PrismaClient
  /** Disconnects the client and drops the database. */
  drop: () => Promise<void>
}

/** The superuser URL of the test server (set by tests/global-setup.ts). */
export function testAdminUrl(): string {
  let url: string | undefined
  try {
    url = inject('testPgAdminUrl')
  } catch {
    // inject() only works inside vitest workers
  }
  url ??= process.env.TEST_PG_ADMIN_URL
  if (!url) {
    throw new Error('No test database server: run integration tests with `npx vitest run --project integration` (tests/global-setup.ts starts one), or set TEST_PG_ADMIN_URL.')
  }
  return url
}

/** CREATE DATABASE k9_test_<random> TEMPLATE k9_template; returns its URL and a function that drops it. */
export async function cloneTemplate(): Promise<{ url: string; name: string; dropDatabase: () => Promise<void> }> {
  const adminUrl = testAdminUrl()
  const name = `k9_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(TEMPLATE_DATABASE)}`))
  return {
    url: databaseUrl(adminUrl, name),
    name,
    dropDatabase: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  }
}

/** A fresh migrated database with its own PrismaClient. See the header for when to use it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, dropDatabase } = await cloneTemplate()
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) })
  let dropped = false
  return {
    url,
    db,
    drop: async () => {
      if (dropped) return
      dropped = true
      await db.$disconnect()
      await dropDatabase()
    },
  }
}
