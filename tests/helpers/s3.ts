/**
 * A local S3-compatible server for tests (s3rver, in this process, on a free
 * port of 127.0.0.1, objects in a temp folder). `env` holds the settings that
 * select it as the blob store (lib/server/env.ts: BLOB_STORE=s3, S3_*).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver'

export interface LocalS3 {
  endpoint: string
  bucket: string
  /** Where s3rver keeps the objects (tests use it to tamper with one). */
  directory: string
  env: Record<string, string>
  stop: () => Promise<void>
}

export async function startLocalS3(bucket = 'k9-test'): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'k9-s3rver-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const address = (await server.run()) as AddressInfo
  const endpoint = `http://127.0.0.1:${address.port}`
  return {
    endpoint,
    bucket,
    directory,
    env: {
      BLOB_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      // s3rver's fixed credentials
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop: async () => {
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
