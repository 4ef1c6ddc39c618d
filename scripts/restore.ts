/**
 * `npm run restore -- <backup folder> [--force]`: brings a backup made by
 * `npm run backup` back (scripts/lib/backup.ts). Verifies every hash first;
 * refuses a database that holds data unless --force (which drops everything
 * in it); re-hashes every file in the store before declaring success.
 * Stop the app first.
 *
 * The database is DATABASE_URL when set, otherwise the embedded server under
 * ./.data; the file store is the app's (BLOB_STORE, BLOB_DIR, S3_*).
 */
import { parseArgs } from 'node:util'
import { createBlobStore } from '../lib/server/blobs'
import { blobSettings } from '../lib/server/env'
import { restore } from './lib/backup'
import { ensureDefaultDatabase } from './lib/embedded-pg'
import { closeAllSchemaEngines } from './lib/schema-engine'

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help || positionals.length !== 1) {
    console.log('Usage: npm run restore -- <backup folder> [--force]\n  --force  replace a database that already holds data (drops everything in it)')
    return values.help ? 0 : 2
  }
  const store = createBlobStore(blobSettings())
  const database = await ensureDefaultDatabase()
  try {
    const result = await restore({ databaseUrl: database.url, store, dir: positionals[0]!, force: values.force, log: (line) => console.log(line) })
    console.log(`Restored ${result.rows} rows and ${result.files} files in ${(result.durationMs / 1000).toFixed(1)} s; every hash matches.`)
    return 0
  } finally {
    await closeAllSchemaEngines().catch(() => undefined)
    await database.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
