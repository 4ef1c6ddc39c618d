/**
 * Shared by the global setup and the per-file helpers: the admin connection to
 * the test server and the template every test database is cloned from.
 */
import pg from 'pg'

/** Migrated once per run by tests/global-setup.ts; test databases are `CREATE DATABASE … TEMPLATE k9_template`. */
export const TEMPLATE_DATABASE = 'k9_template'

declare module 'vitest' {
  interface ProvidedContext {
    testPgAdminUrl: string
  }
}

/** The same server's URL with another database name. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

export async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
