import { mkdtempSync, writeFileSync, existsSync, utimesSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalBlobStore, keyFor, sha256Hex } from '@/lib/server/blobs'

function freshStore() {
  return new LocalBlobStore(mkdtempSync(path.join(tmpdir(), 'k9-blobstore-')))
}

describe('LocalBlobStore', () => {
  it('putFile moves a temp file under its hash, consumes it, and is idempotent', async () => {
    const store = freshStore()
    const bytes = Buffer.from('radiograph bytes')
    const sha = sha256Hex(bytes)
    const { mkdir } = await import('node:fs/promises')
    await mkdir(store.tmpDir, { recursive: true })
    const tmp1 = path.join(store.tmpDir, 'a.part')
    writeFileSync(tmp1, bytes)
    const first = await store.putFile(tmp1, sha)
    expect(first).toEqual({ key: keyFor(sha), sha256: sha, sizeBytes: bytes.length, created: true })
    expect(existsSync(tmp1)).toBe(false)
    expect(await store.hashOf(first.key)).toBe(sha)

    // The same bytes again: not created, temp file still consumed, mtime refreshed.
    const old = new Date(Date.now() - 3 * 3600_000)
    utimesSync(path.join(store.tmpDir, '..', first.key), old, old)
    const tmp2 = path.join(store.tmpDir, 'b.part')
    writeFileSync(tmp2, bytes)
    const second = await store.putFile(tmp2, sha)
    expect(second.created).toBe(false)
    expect(existsSync(tmp2)).toBe(false)
    expect(statSync(path.join(store.tmpDir, '..', first.key)).mtimeMs).toBeGreaterThan(old.getTime() + 3600_000)
  })

  it('lists and deletes blobs; refuses keys outside the root', async () => {
    const store = freshStore()
    const a = await store.putBytes(Buffer.from('one'))
    const b = await store.putBytes(Buffer.from('two'))
    expect(a.created).toBe(true)
    expect((await store.putBytes(Buffer.from('one'))).created).toBe(false)
    const listed: string[] = []
    for await (const info of store.list()) listed.push(info.key)
    expect(listed.sort()).toEqual([a.key, b.key].sort())
    await store.delete(a.key)
    expect(await store.exists(a.key)).toBe(false)
    await expect(store.delete('../../etc/passwd')).rejects.toThrow(/Invalid blob key/)
    await expect(store.read('sha256/00/../../x')).rejects.toThrow(/Invalid blob key/)
  })
})
