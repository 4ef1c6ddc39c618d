import 'server-only'
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { BlobStore } from '../blobs'
import { db } from '../db'
import { lockBlobs } from './blob-lock'

/** What the sweeper leaves alone: anything younger than this (an upload may still be on its way to its row). */
export const SWEEP_MIN_AGE_MS = 60 * 60 * 1000

const BATCH = 200

export type UploadSweepResult = { tempFilesRemoved: number; blobsRemoved: number; blobsKept: number }

/**
 * Removes what a crash can leave behind (docs/decisions/015-uploads.md,
 * "Cleanup"): temp files older than an hour in the store's tmpDir, and blobs
 * older than an hour that no row references. Each batch of candidate blobs is
 * re-checked under the blob locks (lib/server/uploads/blob-lock.ts), so a blob
 * an upload is just attaching is never removed. Safe to run on several
 * machines at once.
 */
export async function sweepUploads(store: BlobStore, now = new Date(), minAgeMs = SWEEP_MIN_AGE_MS): Promise<UploadSweepResult> {
  const cutoff = now.getTime() - minAgeMs
  let tempFilesRemoved = 0
  const names = await readdir(store.tmpDir).catch(() => [] as string[])
  for (const name of names) {
    const file = path.join(store.tmpDir, name)
    const s = await stat(file).catch(() => null)
    if (s?.isFile() && s.mtimeMs < cutoff) {
      await rm(file, { force: true })
      tempFilesRemoved++
    }
  }

  let blobsRemoved = 0
  let blobsKept = 0
  let batch: string[] = []
  const flush = async () => {
    if (!batch.length) return
    const keys = batch
    batch = []
    const removed = await db.$transaction(
      async (tx) => {
        await lockBlobs(tx, keys)
        const [attachments, dogs] = [
          await tx.attachment.findMany({ where: { OR: [{ blobKey: { in: keys } }, { thumbnailKey: { in: keys } }, { previewKey: { in: keys } }] }, select: { blobKey: true, thumbnailKey: true, previewKey: true } }),
          await tx.dog.findMany({ where: { photoBlobKey: { in: keys } }, select: { photoBlobKey: true } }),
        ]
        const used = new Set<string | null>([...attachments.flatMap((a) => [a.blobKey, a.thumbnailKey, a.previewKey]), ...dogs.map((d) => d.photoBlobKey)])
        const orphans = keys.filter((k) => !used.has(k))
        for (const key of orphans) await store.delete(key)
        return orphans.length
      },
      { maxWait: 10_000, timeout: 60_000 },
    )
    blobsRemoved += removed
    blobsKept += keys.length - removed
  }
  for await (const blob of store.list()) {
    if (blob.modifiedAt.getTime() >= cutoff) continue
    batch.push(blob.key)
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  return { tempFilesRemoved, blobsRemoved, blobsKept }
}
