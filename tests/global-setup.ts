/**
 * Integration tests' global setup (runs once, in the main vitest process):
 * - TEST_PG_ADMIN_URL set (a superuser URL to any PostgreSQL): use that server;
 * - otherwise start a throwaway embedded PostgreSQL in a fresh temp folder on
 *   port 54339 (the next free port if taken), deleted at teardown;
 * then build the template database k9_template with every migration applied,
 * so each test database is a fast `CREATE DATABASE … TEMPLATE k9_template`.
 * Test files receive the admin URL as process.env.TEST_PG_ADMIN_URL and
 * inject('testPgAdminUrl').
 */
import type { TestProject } from 'vitest/node'
import { makeTempDataDir, startEmbeddedPostgres } from '../scripts/lib/embedded-pg'
import { deployMigrations } from '../scripts/lib/migrate'
import { closeAllSchemaEngines } from '../scripts/lib/schema-engine'
import { databaseUrl, quoteIdent, TEMPLATE_DATABASE, withAdmin } from './helpers/pg-admin'

const TEST_PG_PORT = 54339

async function buildTemplate(adminUrl: string): Promise<string[]> {
  const name = quoteIdent(TEMPLATE_DATABASE)
  await withAdmin(adminUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE])
    if (rowCount) {
      // Left by an earlier run on an external server: rebuild it from the current migrations.
      await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false ALLOW_CONNECTIONS true`)
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`)
    }
    await c.query(`CREATE DATABASE ${name}`)
  })
  const { applied } = await deployMigrations(databaseUrl(adminUrl, TEMPLATE_DATABASE))
  await closeAllSchemaEngines()
  // No connections allowed: a stray one would make every CREATE DATABASE … TEMPLATE fail.
  await withAdmin(adminUrl, (c) => c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`))
  return applied
}

export default async function setup(project: TestProject) {
  const started = performance.now()
  let adminUrl = process.env.TEST_PG_ADMIN_URL
  let stop: () => Promise<void> = async () => undefined
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: makeTempDataDir(),
      port: TEST_PG_PORT,
      persistent: false,
      log: (m) => console.log(`[test-db] ${m}`),
    })
    adminUrl = server.adminUrl
    stop = server.stop
  }
  try {
    const applied = await buildTemplate(adminUrl)
    console.log(`[test-db] ${TEMPLATE_DATABASE} ready with ${applied.length} migration(s) in ${Math.round(performance.now() - started)} ms.`)
  } catch (error) {
    await stop()
    throw error
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl
  project.provide('testPgAdminUrl', adminUrl)
  return async () => {
    await stop()
  }
}
