import 'server-only'
import type { Tx } from '../db'

/**
 * SECURITY (integrity): blobs are content-addressed, so two rows may share one
 * blob. Whoever creates a row pointing at a blob, and whoever deletes a blob
 * because no row points at it (a failed upload cleaning up, the sweeper),
 * first takes this transaction-scoped lock on the blob's key. So a blob is
 * never deleted between another upload's put and its row's commit.
 * Keys are locked in sorted order so two uploads never deadlock.
 */
export async function lockBlobs(tx: Tx, keys: Array<string | null | undefined>): Promise<void> {
  const unique = [...new Set(keys.filter((k): k is string => Boolean(k)))].sort()
  for (const key of unique) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`blob:${key}`}, 0))`
  }
}

/** Whether any row references the blob (attachments and their renditions, dog photos). */
export async function isBlobReferenced(tx: Tx, key: string): Promise<boolean> {
  const attachment = await tx.attachment.findFirst({ where: { OR: [{ blobKey: key }, { thumbnailKey: key }, { previewKey: key }] }, select: { id: true } })
  if (attachment) return true
  const dog = await tx.dog.findFirst({ where: { photoBlobKey: key }, select: { id: true } })
  return dog !== null
}
