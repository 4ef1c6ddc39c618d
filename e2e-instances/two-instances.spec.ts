import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, utimesSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import pg from 'pg'
import { PNG } from 'pngjs'
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { DEMO_PASSWORD } from '../e2e/support/sign-in'

/**
 * Two app instances (A and B) on one database and one S3 bucket
 * (scripts/instances-server.ts) behave as one system (issue 9, item 5), and
 * an instance killed with kill -9 in the middle of a write leaves nothing
 * half-done (item 3).
 */
const ports = (process.env.INSTANCE_PORTS ?? '3140,3141').split(',')
const state = () =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '.data', `instances-server-${ports[0]}.json`), 'utf8')) as {
    databaseUrl: string
    s3: Record<string, string>
    baseURLs: string[]
    blobDirs: string[]
    control: string
  }

const A = () => state().baseURLs[0]!
const B = () => state().baseURLs[1]!

async function sql<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: state().databaseUrl })
  await client.connect()
  try {
    return (await client.query<R>(text, params)).rows
  } finally {
    await client.end()
  }
}

function s3(): S3Client {
  const e = state().s3
  return new S3Client({ region: e.S3_REGION, endpoint: e.S3_ENDPOINT, forcePathStyle: true, credentials: { accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY! } })
}

async function bucketKeys(): Promise<string[]> {
  const out = await s3().send(new ListObjectsV2Command({ Bucket: state().s3.S3_BUCKET }))
  return (out.Contents ?? []).map((o) => o.Key!).sort()
}

async function control(action: 'kill' | 'start', instance: number): Promise<void> {
  const res = await fetch(`${state().control}/${action}/${instance}`, { method: 'POST' })
  expect(res.status, await res.clone().text()).toBe(200)
}

async function fillSignIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByLabel('I have read the notice and agree to these conditions').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function signedIn(browser: Browser, base: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base })
  const page = await context.newPage()
  await fillSignIn(page, base, email, DEMO_PASSWORD)
  // argon2 on a busy 2-core machine, and a cold server on its first request.
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 })
  return page
}

/** A context on another instance carrying only the given context's cookies (what a load balancer would pass on). */
async function sameCookiesOn(browser: Browser, from: BrowserContext, base: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, storageState: await from.storageState() })
  return context.newPage()
}

async function recordItem(page: Page, description: string): Promise<string> {
  await page.goto('/evidence/new')
  const intake = page.getByRole('form', { name: 'Record a new evidence item' })
  await intake.getByLabel('Description').fill(description)
  await intake.getByLabel('Category').selectOption({ label: 'Ballistic' })
  await intake.getByLabel('Collected at (place)').fill('Evidence room A counter')
  await intake.getByLabel('Yes').check()
  await intake.getByRole('button', { name: 'Record item and start custody' }).click()
  await expect(page).toHaveURL(/\/evidence\/[0-9a-f-]{36}$/)
  return new URL(page.url()).pathname
}

async function fillHandOver(page: Page, to: string, why: string) {
  const form = page.getByRole('form', { name: 'Hand over' })
  await form.getByLabel('Hand over to').fill(to)
  await form.getByLabel('Where').fill('Counter')
  await form.getByLabel('Why').fill(why)
  await form.getByLabel('Yes').check()
}

const chainBanner = (page: Page) => page.getByRole('status').filter({ hasText: /^Chain intact/ })

function png(width: number, height: number, shade: number): Buffer {
  const image = new PNG({ width, height })
  for (let i = 0; i < image.data.length; i += 4) image.data.set([shade, (i / 4) % 256, 200, 255], i)
  return PNG.sync.write(image)
}

test.describe('two instances, one system', () => {
  test('a session started on A is valid on B, and signing out on B ends it on A', async ({ browser }) => {
    const onA = await signedIn(browser, A(), 'ruiz@k9.test')
    const onB = await sameCookiesOn(browser, onA.context(), B())
    await onB.goto('/dogs')
    await expect(onB).toHaveURL(`${B()}/dogs`)
    await expect(onB.getByRole('heading', { level: 1 })).toBeVisible()
    const sessions = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = 'ruiz@k9.test' AND s."revokedAt" IS NULL`)
    expect(Number(sessions[0]!.n)).toBe(1)
    // Sign out through B: A no longer accepts the cookie either (the session row is revoked).
    await onB.goto('/sign-out')
    await onB.getByRole('button', { name: 'Sign out' }).click()
    await expect(onB).toHaveURL(/\/sign-in/)
    await onA.goto('/dogs')
    await expect(onA).toHaveURL(/\/sign-in/)
  })

  test('failed sign-ins on A and on B add up to one lockout', async ({ browser }) => {
    const email = 'hayes@k9.test'
    const pageA = await (await browser.newContext()).newPage()
    const pageB = await (await browser.newContext()).newPage()
    for (const [page, base] of [[pageA, A()], [pageB, B()], [pageA, A()], [pageB, B()], [pageA, A()]] as const) {
      await fillSignIn(page, base, email, 'wrong-password-1')
      // (Next's empty route announcer is an alert too.)
      await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toBeVisible({ timeout: 30_000 })
    }
    // The right password, on either instance, now meets the lock.
    for (const [page, base] of [[pageB, B()], [pageA, A()]] as const) {
      await fillSignIn(page, base, email, DEMO_PASSWORD)
      await expect(page.getByRole('alert').filter({ hasText: 'This account is locked after too many failed attempts' })).toBeVisible()
    }
    const [user] = await sql<{ failed: number; locked: boolean }>(`SELECT "failedLoginCount" AS failed, "lockedAt" IS NOT NULL AS locked FROM "User" WHERE email = $1`, [email])
    expect(user).toMatchObject({ failed: 5, locked: true })
  })

  test('the welfare sweep started from both instances at once runs once and raises each alert once', async ({ browser }) => {
    // Make the sweep due and give it work: forget the certification alerts and when it last ran.
    const deleted = await sql(`DELETE FROM "Alert" WHERE kind = 'CERTIFICATION_EXPIRING' RETURNING id`)
    expect(deleted.length).toBeGreaterThan(0)
    await sql(`UPDATE "ScheduledJob" SET "lastFinishedAt" = NULL, "leaseUntil" = NULL, "leaseHolder" = NULL`)
    const [{ n: sweepsBefore }] = (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE action = 'alerts.swept'`)) as [{ n: string }]

    const onA = await signedIn(browser, A(), 'ruiz@k9.test')
    const onB = await sameCookiesOn(browser, onA.context(), B())
    const more = await Promise.all([onA.context().newPage(), onB.context().newPage()])
    // Six page loads, three on each instance, at the same moment: each triggers the sweep when stale.
    await Promise.all([onA, onB, ...more, await onA.context().newPage(), await onB.context().newPage()].map((p) => p.goto('/alerts')))

    const [{ n: sweepsAfter }] = (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE action = 'alerts.swept'`)) as [{ n: string }]
    expect(Number(sweepsAfter) - Number(sweepsBefore)).toBe(1)
    const raised = await sql<{ key: string; n: string }>(`SELECT "dedupeKey" AS key, count(*)::text AS n FROM "Alert" WHERE kind = 'CERTIFICATION_EXPIRING' GROUP BY 1`)
    expect(raised.length).toBe(deleted.length)
    expect(raised.filter((r) => r.n !== '1')).toEqual([])
  })

  test('custody: handed over on A, received on B; two hand-overs racing through A and B, exactly one wins', async ({ browser }) => {
    const tech = await signedIn(browser, A(), 'evans@k9.test')
    const itemUrl = await recordItem(tech, 'Spent 9 mm casing, two-instance test')
    await fillHandOver(tech, 'Officer Luke Carter (carter@k9.test)', 'To the handler')
    await tech.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click()
    await expect(tech.getByText('in transit, awaiting receipt')).toBeVisible()

    const handlerOnB = await signedIn(browser, B(), 'carter@k9.test')
    await handlerOnB.goto(itemUrl)
    const receipt = handlerOnB.getByRole('form', { name: 'Confirm receipt' })
    await receipt.getByLabel('Where you received it').fill('Patrol car')
    await receipt.getByLabel('Yes').check()
    await receipt.getByRole('button', { name: 'Confirm receipt' }).click()
    await expect(handlerOnB.getByRole('form', { name: 'Confirm receipt' })).toHaveCount(0)
    await expect(chainBanner(handlerOnB)).toContainText('Chain intact: 3 events')

    // The handler, now holding it, opens the item on A and on B and hands it over from both at once.
    const handlerOnA = await sameCookiesOn(browser, handlerOnB.context(), A())
    await handlerOnA.goto(itemUrl)
    await handlerOnB.reload()
    await fillHandOver(handlerOnA, 'Tech. Maria Evans (evans@k9.test)', 'Race A')
    await fillHandOver(handlerOnB, 'Det. Alex Morgan (morgan@k9.test)', 'Race B')
    await Promise.all(
      [handlerOnA, handlerOnB].map((p) => p.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click()),
    )
    const refused = [handlerOnA, handlerOnB].map((p) => p.getByRole('alert').filter({ hasText: 'Someone else recorded a custody event' }))
    await expect.poll(async () => (await refused[0]!.count()) + (await refused[1]!.count())).toBe(1)
    await handlerOnA.reload()
    await expect(chainBanner(handlerOnA)).toContainText('Chain intact: 4 events')
    const transfers = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "CustodyEvent" WHERE "evidenceItemId" = $1 AND action = 'TRANSFERRED'`, [itemUrl.split('/').pop()])
    expect(transfers[0]!.n).toBe('2')
  })

  test('files: a photo uploaded through A is served by B from the shared store, byte for byte', async ({ browser }) => {
    const onA = await signedIn(browser, A(), 'ruiz@k9.test')
    const [dog] = await sql<{ id: string; version: number }>(`SELECT id, version FROM "Dog" WHERE name = 'Thor' LIMIT 1`)
    const photo = png(64, 48, 90)
    const up = await onA.request.post(`${A()}/dogs/${dog!.id}/photo`, {
      headers: { Origin: A() },
      multipart: { version: String(dog!.version), photo: { name: 'thor.png', mimeType: 'image/png', buffer: photo } },
      maxRedirects: 0,
    })
    expect(up.status()).toBe(303)
    expect(up.headers().location).toContain('photo=saved')
    const onB = await sameCookiesOn(browser, onA.context(), B())
    const down = await onB.request.get(`${B()}/dogs/${dog!.id}/photo`)
    expect(down.status()).toBe(200)
    expect(Buffer.compare(await down.body(), photo)).toBe(0)
    // The seeded X-rays were put in the bucket by the seed: both instances serve them, neither has them on disk.
    const [xray] = await sql<{ id: string; sha256: string }>(`SELECT id, sha256 FROM "Attachment" ORDER BY "createdAt" LIMIT 1`)
    const vetA = await signedIn(browser, A(), 'patel@k9.test')
    for (const base of [A(), B()]) {
      const res = await vetA.request.get(`${base}/api/attachments/${xray!.id}`)
      expect(res.status()).toBe(200)
      expect(res.headers()['x-content-sha256']).toBe(xray!.sha256)
    }
  })
})

test.describe('kill -9 of an instance in the middle of a write', () => {
  // A restart of next start under load takes a while on 2 cores.
  test.describe.configure({ timeout: 300_000 })
  // Whatever happened in a test, instance B is running for the next one (a no-op when it is).
  test.afterEach(async () => {
    await control('start', 1)
  })

  test('a hand-over whose transaction is open when its instance dies leaves no trace; the other instance carries on and the restarted one works', async ({ browser }) => {
    const techOnB = await signedIn(browser, B(), 'evans@k9.test')
    const itemUrl = await recordItem(techOnB, 'Shell casing, crash test')
    const itemId = itemUrl.split('/').pop()!
    await fillHandOver(techOnB, 'Officer Luke Carter (carter@k9.test)', 'Crash test')
    const [before] = await sql<{ head: number; hash: string; audits: string }>(
      `SELECT "headSequence" AS head, "headHash" AS hash, (SELECT count(*)::text FROM "AuditEvent") AS audits FROM "EvidenceItem" WHERE id = $1`,
      [itemId],
    )

    // Hold the audit table: the hand-over's transaction writes the custody event and the item's head, then waits at its audit row.
    const lock = new pg.Client({ connectionString: state().databaseUrl })
    await lock.connect()
    try {
      await lock.query('BEGIN')
      await lock.query('LOCK TABLE "AuditEvent" IN SHARE MODE')
      void techOnB.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click().catch(() => undefined)
      // Wait until B's transaction has written its custody event and is stuck at the audit insert.
      await expect
        .poll(async () => {
          const rows = await lock.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
              WHERE c.relname = 'CustodyEvent' AND l.mode = 'RowExclusiveLock' AND l.granted
                AND l.pid IN (SELECT pid FROM pg_locks w JOIN pg_class wc ON wc.oid = w.relation WHERE wc.relname = 'AuditEvent' AND NOT w.granted)`,
          )
          return rows.rows[0]!.n
        }, { timeout: 20_000 })
        .toBe('1')
      await control('kill', 1) // kill -9 of instance B, its write half done
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined)
      await lock.end()
    }

    // Nothing of the half-done hand-over remains: PostgreSQL rolled the dead instance's transaction back.
    await expect
      .poll(async () => (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE state = 'idle in transaction (aborted)' OR wait_event_type = 'Lock'`))[0]!.n, { timeout: 20_000 })
      .toBe('0')
    const [after] = await sql<{ head: number; hash: string; audits: string }>(
      `SELECT "headSequence" AS head, "headHash" AS hash, (SELECT count(*)::text FROM "AuditEvent" WHERE action = 'evidence.transferred' AND "entityId" = $1::text) AS audits FROM "EvidenceItem" WHERE id = $1::uuid`,
      [itemId],
    )
    expect({ head: after!.head, hash: after!.hash }).toEqual({ head: before!.head, hash: before!.hash })
    expect(after!.audits).toBe('0')
    const events = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "CustodyEvent" WHERE "evidenceItemId" = $1`, [itemId])
    expect(events[0]!.n).toBe('1')

    // Instance A carried on all along; the item's chain verifies there.
    const techOnA = await sameCookiesOn(browser, techOnB.context(), A())
    await techOnA.goto(itemUrl)
    await expect(chainBanner(techOnA)).toContainText('Chain intact: 1 event')

    // B restarts and the same hand-over goes through, once.
    await control('start', 1)
    await techOnB.goto(itemUrl)
    await fillHandOver(techOnB, 'Officer Luke Carter (carter@k9.test)', 'Crash test, again')
    await techOnB.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click()
    // The restarted instance's first server action is slow on a busy 2-core machine.
    await expect(techOnB.getByText('in transit, awaiting receipt')).toBeVisible({ timeout: 30_000 })
    await expect(chainBanner(techOnB)).toContainText('Chain intact: 2 events')
  })

  test('an upload cut off by kill -9 stores nothing: no row, no object in the bucket', async ({ browser }) => {
    const onB = await signedIn(browser, B(), 'ruiz@k9.test')
    const cookies = (await onB.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const [dog] = await sql<{ id: string; version: number; photo: string | null }>(`SELECT id, version, "photoBlobKey" AS photo FROM "Dog" WHERE name = 'Rex' LIMIT 1`)
    const auditBefore = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent"`)
    const objectsBefore = await bucketKeys()

    // A multipart upload sent slowly: half the body, then the instance dies.
    const boundary = '----k9crash'
    const photo = png(200, 200, 30)
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="version"\r\n\r\n${dog!.version}\r\n--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="rex.png"\r\nContent-Type: image/png\r\n\r\n`)
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const body = Buffer.concat([head, photo, tail])
    const port = Number(new URL(B()).port)
    const request = http.request({ host: 'localhost', port, method: 'POST', path: `/dogs/${dog!.id}/photo`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, cookie: cookies, origin: B() } })
    const outcome = new Promise<string>((resolve) => {
      request.on('response', (res) => resolve(`status ${res.statusCode}`))
      request.on('error', (e) => resolve(`error ${e.message}`))
    })
    request.write(body.subarray(0, Math.floor(body.length / 2)))
    await new Promise((r) => setTimeout(r, 500))
    await control('kill', 1)
    expect(await outcome).toMatch(/^error /)

    const [afterDog] = await sql<{ version: number; photo: string | null }>(`SELECT version, "photoBlobKey" AS photo FROM "Dog" WHERE id = $1`, [dog!.id])
    expect(afterDog).toEqual({ version: dog!.version, photo: dog!.photo })
    // Nothing new in the shared bucket, nothing under the photo's content address, nothing audited.
    const sha256 = createHash('sha256').update(photo).digest('hex')
    expect(await bucketKeys()).toEqual(objectsBefore)
    const stored = await s3().send(new HeadObjectCommand({ Bucket: state().s3.S3_BUCKET, Key: `sha256/${sha256.slice(0, 2)}/${sha256}` })).catch((e: { name?: string }) => e.name)
    expect(stored).toBe('NotFound')
    expect((await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent"`))[0]!.n).toBe(auditBefore[0]!.n)

    await control('start', 1)
    await onB.goto(`/dogs/${dog!.id}`)
    await expect(onB.getByRole('heading', { level: 1 })).toContainText('Rex')
  })
  test('a streamed upload cut off by kill -9 leaves no row and no object, only a temp file that the sweeper removes', async ({ browser }) => {
    const vetOnB = await signedIn(browser, B(), 'patel@k9.test')
    const cookies = (await vetOnB.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const [record] = await sql<{ id: string }>(`SELECT m.id FROM "MedicalRecord" m JOIN "User" u ON u.id = m."veterinarianId" WHERE u.email = 'patel@k9.test' AND m."archivedAt" IS NULL ORDER BY m."createdAt" DESC LIMIT 1`)
    const attachmentsBefore = (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "Attachment"`))[0]!.n
    const objectsBefore = await bucketKeys()
    const tmpDir = path.join(state().blobDirs[1]!, 'tmp')
    const temps = () => {
      try {
        return readdirSync(tmpDir)
      } catch {
        return [] // not made until the first upload
      }
    }
    const tempBefore = temps().length

    // 4 MB announced, 1 MB sent, then the instance dies.
    const body = png(1200, 1200, 60)
    const port = Number(new URL(B()).port)
    const query = new URLSearchParams({ target: 'medicalRecord', targetId: record!.id, fileName: 'lateral.png', description: 'cut off' })
    const request = http.request({
      host: 'localhost', // Host must match Origin (state-changing routes refuse other origins)
      port,
      method: 'POST',
      path: `/api/uploads?${query}`,
      headers: { 'content-type': 'application/octet-stream', 'content-length': 4 * 1024 * 1024, cookie: cookies, origin: B() },
    })
    let answered = ''
    const outcome = new Promise<string>((resolve) => {
      request.on('response', (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve((answered = `status ${res.statusCode} ${text}`)))
      })
      request.on('error', (e) => resolve(`error ${e.message}`))
    })
    request.write(Buffer.concat([body, Buffer.alloc(Math.max(0, 1024 * 1024 - body.length), 1)]).subarray(0, 1024 * 1024))
    // Wait until B has started writing the temp file, then kill it.
    await expect.poll(() => (answered ? `answered before the kill: ${answered}` : temps().length > tempBefore), { timeout: 30_000 }).toBe(true)
    await control('kill', 1)
    expect(await outcome).toMatch(/^error /)

    expect((await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "Attachment"`))[0]!.n).toBe(attachmentsBefore)
    expect(await bucketKeys()).toEqual(objectsBefore)
    const leftovers = temps()
    expect(leftovers.length).toBeGreaterThan(0)

    // An hour later the sweeper (npm's scripts/sweep.ts, as cron runs it) removes the partial file.
    const hourAgo = new Date(Date.now() - 2 * 3600_000)
    for (const name of leftovers) utimesSync(path.join(tmpDir, name), hourAgo, hourAgo)
    const sweep = spawnSync(path.join(__dirname, '..', 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/sweep.ts'], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, ...state().s3, DATABASE_URL: state().databaseUrl, AUTH_SECRET: 'x'.repeat(32), BLOB_DIR: state().blobDirs[1]! },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(sweep.status, sweep.stdout + sweep.stderr).toBe(0)
    expect(sweep.stdout).toContain(`"tempFilesRemoved":${leftovers.length}`)
    expect(temps()).toEqual([])
    expect(await bucketKeys()).toEqual(objectsBefore)
  })
})
