/**
 * Compares two running builds of the app, served side by side on the same
 * database, by the server CPU each spends per request (issue 10).
 *
 *   npx tsx scripts/ab-servers.ts --a 3160 --b 3161 --role supervisor /incidents /dogs/<id> …
 *     [--rounds 8] [--seconds 3] [--clients 4]
 *
 * This machine's speed drifts by 2× within an hour, so an A/B that measures
 * one build and then the other mistakes the drift for a gain (docs/performance.md,
 * "Tried and not kept"). Here the load alternates between the two servers in
 * short bursts (A B, B A, A B …), each a closed loop of `clients` signed-in
 * clients, and each server's CPU time is read from /proc for the burst: the
 * drift falls on both alike. Each server must be one process (`next start`,
 * or scripts/serve.mjs with WEB_CONCURRENCY=1) listening on its port.
 *
 * Prints, per path, the CPU per request of A and B, their difference, and the
 * requests each answered; the burst figures on a second line. Run it once with
 * the same build on both ports (an A/A run) to see the noise a difference must
 * beat: 5–8 % with 4 rounds of 2 s on a noisy evening here.
 */
import { parseArgs } from 'node:util'
import { burst, pidListeningOn } from './lib/ab'
import { ACCOUNTS, signIn, type RoleKey } from './lib/browser'

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      role: { type: 'string', default: 'supervisor' },
      rounds: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '3' },
      clients: { type: 'string', default: '4' },
    },
  })
  const ports = [Number(values.a), Number(values.b)] as const
  const role = values.role as RoleKey
  if (!ports.every((p) => Number.isInteger(p) && p > 0) || positionals.length === 0 || !(role in ACCOUNTS)) {
    console.error(`Usage: npx tsx scripts/ab-servers.ts --a <port> --b <port> [--role ${Object.keys(ACCOUNTS).join('|')}] <path>…`)
    return 2
  }
  const pids = ports.map((p) => pidListeningOn(p))
  if (pids.some((p) => p === null)) {
    console.error(`No process listens on ${ports.filter((_, i) => pids[i] === null).join(' and ')}.`)
    return 1
  }
  // Sessions live in the database the two servers share: one sign-in serves both.
  const cookie = (await signIn(`http://127.0.0.1:${ports[0]}`, [role]))[role]
  const [rounds, seconds, clients] = [Number(values.rounds), Number(values.seconds), Number(values.clients)]
  for (const path of positionals) {
    // Warm both (the first requests of a path compile and fill caches), untimed.
    for (const [i, port] of ports.entries()) await burst(port, pids[i]!, path, cookie, seconds, clients)
    const total = ports.map(() => ({ requests: 0, failed: 0, cpu: 0 }))
    const bursts: string[] = []
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const b = await burst(ports[i]!, pids[i]!, path, cookie, seconds, clients)
        total[i]!.requests += b.requests
        total[i]!.failed += b.failed
        total[i]!.cpu += b.cpu
        bursts.push(`${'AB'[i]} ${(b.cpu / Math.max(1, b.requests)).toFixed(1)}`)
      }
    }
    const per = total.map((t) => t.cpu / Math.max(1, t.requests))
    const failed = total.some((t) => t.failed) ? `  (not 200: A ${total[0]!.failed}, B ${total[1]!.failed})` : ''
    console.log(
      `${path}  A ${per[0]!.toFixed(2)} ms/request (${total[0]!.requests})  B ${per[1]!.toFixed(2)} ms/request (${total[1]!.requests})  B−A ${(per[1]! - per[0]!).toFixed(2)} ms (${(((per[1]! - per[0]!) / per[0]!) * 100).toFixed(1)} %)${failed}`,
    )
    console.log(`  bursts: ${bursts.join(', ')}`)
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
