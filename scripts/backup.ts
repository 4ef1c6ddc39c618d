/**
 * `npm run backup [-- --out <dir>]`: a consistent copy of the database and the
 * file store, with a manifest of SHA-256 hashes (scripts/lib/backup.ts,
 * docs/decisions/016-backup-and-instances.md). Safe while the app runs.
 *
 * The database is DATABASE_URL when set, otherwise the embedded server under
 * ./.data; the file store is the app's (BLOB_STORE, BLOB_DIR, S3_*).
 * Default folder: ./.data/backups/k9-<UTC timestamp>.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createBlobStore } from '../lib/server/blobs'
import { blobSettings } from '../lib/server/env'
import { backup } from './lib/backup'
import { ensureDefaultDatabase, repoRoot } from './lib/embedded-pg'

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    console.log('Usage: npm run backup [-- --out <new folder>]   (default ./.data/backups/k9-<timestamp>)')
    return 0
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')
  const outDir = path.resolve(values.out ?? path.join(repoRoot, '.data', 'backups', `k9-${stamp}`))
  const store = createBlobStore(blobSettings())
  const database = await ensureDefaultDatabase()
  try {
    const result = await backup({ databaseUrl: database.url, store, outDir, log: (line) => console.log(line) })
    console.log(`Backup written to ${result.dir} in ${(result.durationMs / 1000).toFixed(1)} s (manifest SHA-256 ${result.manifestSha256}).`)
    return 0
  } finally {
    await database.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
