/**
 * setupFile of the integration project: runs in each test file's worker
 * before the file itself is imported. Gives the file its own database (a copy
 * of k9_template) and the environment lib/server/env.ts validates, so the
 * app's modules can be imported statically. See tests/helpers/test-db.ts.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { cloneTemplate } from './test-db'

const database = await cloneTemplate()
const blobDir = mkdtempSync(path.join(tmpdir(), 'k9-test-blobs-'))

process.env.DATABASE_URL = database.url
process.env.AUTH_SECRET = randomBytes(32).toString('base64url')
process.env.BLOB_DIR = blobDir

afterAll(async () => {
  // lib/server/db keeps its client on globalThis outside production: close it
  // before the drop, and forget it so nothing reuses a client on a dropped database.
  const g = globalThis as { k9db?: { $disconnect: () => Promise<void> } }
  await g.k9db?.$disconnect()
  delete g.k9db
  delete (globalThis as { k9pool?: unknown }).k9pool
  const h = globalThis as { k9hotpool?: { end: () => Promise<void> } }
  await h.k9hotpool?.end()
  delete h.k9hotpool
  await database.dropDatabase()
  rmSync(blobDir, { recursive: true, force: true })
})
