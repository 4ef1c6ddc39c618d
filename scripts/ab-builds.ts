/**
 * Compares two builds of the app by the server CPU each spends per request,
 * one server at a time (issue 10).
 *
 *   npx tsx scripts/ab-builds.ts --before <app dir> --after <app dir> --role supervisor /incidents/<id> …
 *     [--rounds 3] [--seconds 8] [--clients 2] [--port 3160]
 *
 * Each app directory holds a production build (`.next`) with its
 * `next.config.js`, `package.json` and `node_modules` (a symlink to the
 * checkout's is enough); the servers get this process's environment
 * (DATABASE_URL, AUTH_SECRET, …), so both use the same database. Each round
 * starts a fresh `next start` of each build in turn (before, after; then
 * after, before; …), warms each path untimed, then drives it with a closed
 * loop of signed-in clients and reads the server's CPU time from /proc.
 *
 * Why a second tool beside scripts/ab-servers.ts: with two servers side by
 * side, one process can run 6–22 % faster than another of the same build
 * for its whole life, and a change of a few percent drowned in that (the
 * incident page on 7 December: −8.5 to +7.6 % per pair). Fresh processes each
 * round spread that bias over both builds; alternating the order spreads the
 * host's drift. Prints each round, the medians, and the change within each
 * round (the two builds ran back to back). Run it once with the same build
 * twice (an A/A run) to see the noise a change must beat: on a slow host
 * (7 December, 03:36) an A/A gave −10.2, +3.7 and −2.6 % per round on the
 * incident page and +2.8, −0.1 and +7.1 % on the dog profile.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { burst, pidListeningOn } from './lib/ab'
import { ACCOUNTS, signIn, type RoleKey } from './lib/browser'
import { isPortFree, terminate, waitForPort } from './lib/processes'

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      before: { type: 'string' },
      after: { type: 'string' },
      role: { type: 'string', default: 'supervisor' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '8' },
      clients: { type: 'string', default: '2' },
      port: { type: 'string', default: '3160' },
    },
  })
  const role = values.role as RoleKey
  const [rounds, seconds, clients, port] = [Number(values.rounds), Number(values.seconds), Number(values.clients), Number(values.port)]
  if (!values.before || !values.after || positionals.length === 0 || !(role in ACCOUNTS) || ![rounds, seconds, clients, port].every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`Usage: npx tsx scripts/ab-builds.ts --before <app dir> --after <app dir> [--role ${Object.keys(ACCOUNTS).join('|')}] [--rounds 3] [--seconds 8] [--clients 2] [--port 3160] <path>…`)
    return 2
  }
  if (!(await isPortFree(port))) {
    console.error(`Something already listens on ${port}.`)
    return 1
  }
  const builds = { before: path.resolve(values.before), after: path.resolve(values.after) }
  const results = new Map<string, Record<'before' | 'after', Array<{ cpu: number; rps: number }>>>(positionals.map((p) => [p, { before: [], after: [] }]))
  let cookie: string | null = null
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
      const dir = builds[which]
      const child = spawn(process.execPath, [path.join(dir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], { cwd: dir, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' })
      try {
        await waitForPort(port, child)
        const pid = pidListeningOn(port)
        if (pid === null) throw new Error(`no process listens on ${port}`)
        // Sessions live in the database both builds use: one sign-in serves every round.
        cookie ??= (await signIn(`http://127.0.0.1:${port}`, [role]))[role]
        for (const p of positionals) {
          await burst(port, pid, p, cookie, 3, clients) // warm: the first requests compile and fill caches
          const b = await burst(port, pid, p, cookie, seconds, clients)
          if (b.failed) console.log(`  (${which}: ${b.failed} of ${b.requests} requests to ${p} were not 200)`)
          const run = { cpu: b.cpu / Math.max(1, b.requests), rps: b.requests / seconds }
          results.get(p)![which].push(run)
          console.log(`round ${r + 1} ${which.padEnd(6)} ${p}  ${run.cpu.toFixed(2)} ms/request  ${run.rps.toFixed(1)} requests/s`)
        }
      } finally {
        await terminate(child)
      }
    }
  }
  for (const [p, { before, after }] of results) {
    const [b, a] = [median(before.map((x) => x.cpu)), median(after.map((x) => x.cpu))]
    // Paired within each round (the two builds ran one after the other): the host's drift between rounds cancels.
    const paired = before.map((x, i) => (after[i]!.cpu / x.cpu - 1) * 100)
    console.log(
      `${p}  before ${b.toFixed(2)} ms/request (${median(before.map((x) => x.rps)).toFixed(1)}/s)  after ${a.toFixed(2)} ms/request (${median(after.map((x) => x.rps)).toFixed(1)}/s), medians of ${rounds}; ` +
        `after against before within each round: ${paired.map((d) => `${d > 0 ? '+' : ''}${d.toFixed(1)} %`).join(', ')} (median ${median(paired).toFixed(1)} %)`,
    )
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
