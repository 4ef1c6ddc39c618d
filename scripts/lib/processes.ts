/**
 * Child processes for the launchers (scripts/start.ts, scripts/e2e-server.ts,
 * scripts/test.ts): running a tool, starting Next, knowing when a build is
 * current, shutting down in order on a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { repoRoot } from './embedded-pg'

/** A tool from node_modules/.bin (next, tsc, eslint, vitest, playwright). */
export function bin(name: string): string {
  return path.join(repoRoot, 'node_modules', '.bin', name)
}

/** Runs a command with inherited stdio; resolves with its exit code (1 when killed by a signal). */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** Resolves once something accepts TCP connections on localhost:port; rejects if the child exits first. */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it listened on port ${port}`)
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) {
      // next dev binds, then may still quit (e.g. "Another next dev server is already running").
      await new Promise((r) => setTimeout(r, 1_000))
      if (child.exitCode === null && child.signalCode === null) return
      continue
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs / 1000} s`)
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the process has exited. */
export async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/**
 * Calls shutdown once on SIGINT, SIGTERM or SIGHUP (a Ctrl-C reaches us
 * twice: from the terminal and relayed by tsx), then exits with its code.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<number>): void {
  let started = false
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (started) return
      started = true
      shutdown(signal).then(
        (code) => process.exit(code),
        (error: unknown) => {
          console.error(error instanceof Error ? error.message : error)
          process.exit(1)
        },
      )
    })
  }
}

/**
 * What `next build` reads. A build is current when .next/BUILD_ID is newer
 * than every file here (test files excepted); any newer file means rebuild.
 * Environment variables are read at run time, so they do not count.
 */
export const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'prisma/schema.prisma',
  'next.config.js',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'postcss.config.mjs',
  'proxy.ts',
  'middleware.ts',
  'instrumentation.ts',
]

function newestFile(entry: string): { file: string; mtimeMs: number } | null {
  let stat: fs.Stats
  try {
    stat = fs.statSync(entry)
  } catch {
    return null
  }
  if (stat.isFile()) return /\.test\.tsx?$/.test(entry) ? null : { file: entry, mtimeMs: stat.mtimeMs }
  if (!stat.isDirectory()) return null
  let newest: { file: string; mtimeMs: number } | null = null
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const found = newestFile(path.join(entry, name))
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found
  }
  return newest
}

/** Whether .next holds a production build of the current sources, and why not. */
export function buildStatus(): { current: boolean; reason: string } {
  const buildId = path.join(repoRoot, '.next', 'BUILD_ID')
  let builtAt: number
  try {
    builtAt = fs.statSync(buildId).mtimeMs
  } catch {
    return { current: false, reason: 'there is no production build yet (.next/BUILD_ID is missing)' }
  }
  for (const input of BUILD_INPUTS) {
    const newest = newestFile(path.join(repoRoot, input))
    if (newest && newest.mtimeMs > builtAt) {
      return { current: false, reason: `${path.relative(repoRoot, newest.file)} changed after the last build` }
    }
  }
  return { current: true, reason: 'the production build in .next is current' }
}

/** Milliseconds → "1.2 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
