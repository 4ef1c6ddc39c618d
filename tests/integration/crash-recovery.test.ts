import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { isAlive, makeTempDataDir, startEmbeddedPostgres } from '@/scripts/lib/embedded-pg'

/**
 * The embedded PostgreSQL recovers by itself after kill -9 (issue 9, item 3;
 * decision 003): of the process that started it (its postmaster is left
 * orphaned) and of PostgreSQL itself (a stale postmaster.pid, WAL replay).
 * Committed rows survive; a transaction open at the kill is gone.
 */
const root = path.resolve(__dirname, '../..')
const dataDir = makeTempDataDir()
const PORT = 54379

// Everything a test started, killed even when an assertion failed first.
const started: number[] = []

afterAll(() => {
  for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
})

/** Starts the writer process; resolves with its pid and the postmaster's once it has written. */
function startWriter(): Promise<{ pid: number; wrapper: number; postmaster: number; dir: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', path.join(root, 'tests/fixtures/embedded-pg-writer.ts'), dataDir, String(PORT)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      // tsx runs the script in a child node process: pid is the writer itself, wrapper the tsx CLI.
      const m = /READY (\d+) (\d+) (\S+)/.exec(out)
      if (m) {
        started.push(child.pid!, Number(m[2]), Number(m[1]))
        resolve({ postmaster: Number(m[1]), pid: Number(m[2]), wrapper: child.pid!, dir: m[3]! })
      }
    })
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`writer exited (${code}): ${out}`)))
    child.unref()
  })
}

async function killed(pid: number): Promise<void> {
  if (!isAlive(pid)) return
  process.kill(pid, 'SIGKILL')
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50))
}

async function labels(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<{ label: string }>('SELECT label FROM crash_probe ORDER BY label')).rows.map((r) => r.label)
  } finally {
    await c.end()
  }
}

describe('embedded PostgreSQL after kill -9', { timeout: 240_000 }, () => {
  it('the starter killed: the orphaned server is shut down properly and a new one keeps the committed rows only', async () => {
    const writer = await startWriter()
    await killed(writer.pid) // the launcher dies; its PostgreSQL keeps running, orphaned
    await killed(writer.wrapper)
    expect(isAlive(writer.postmaster)).toBe(true)
    const t = performance.now()
    const server = await startEmbeddedPostgres({ dataDir, port: PORT, persistent: true, log: () => undefined })
    console.log(`restart after the starter's kill -9: ${Math.round(performance.now() - t)} ms`)
    try {
      expect(isAlive(writer.postmaster)).toBe(false)
      expect(await labels(server.url)).toEqual([`committed-${writer.pid}`])
    } finally {
      await server.stop()
    }
  })

  it('PostgreSQL itself killed (stale postmaster.pid): it recovers from its WAL, committed rows kept, the open transaction gone', async () => {
    const writer = await startWriter()
    // A machine-level crash: the starter and the server both die (the starter
    // first: alive, it would notice the server's death and clean up after it).
    await killed(writer.pid)
    await killed(writer.wrapper)
    await killed(writer.postmaster)
    expect(fs.existsSync(path.join(writer.dir, 'postmaster.pid'))).toBe(true)
    const t = performance.now()
    const server = await startEmbeddedPostgres({ dataDir, port: PORT, persistent: true, log: () => undefined })
    console.log(`recovery after PostgreSQL's kill -9: ${Math.round(performance.now() - t)} ms`)
    try {
      const rows = await labels(server.url)
      expect(rows).toContain(`committed-${writer.pid}`)
      expect(rows.filter((l) => l.startsWith('uncommitted'))).toEqual([])
    } finally {
      await server.stop()
    }
  })
})
