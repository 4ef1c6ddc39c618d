/**
 * What the A/B scripts share (issue 10): find the process serving a port, read
 * its CPU time, and drive it with a closed loop of signed-in clients (the
 * bench's own loop and connections, scripts/lib/bench-drive.ts).
 * scripts/ab-servers.ts (two builds side by side) and scripts/ab-builds.ts
 * (one build at a time, alternated) use them.
 */
import fs from 'node:fs'
import http from 'node:http'
import { drive, loadAgent } from './bench-drive'

/** The pid of the process listening on a TCP port of this machine (Linux /proc). */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is the tenth field.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!)
    }
  }
  if (inodes.size === 0) return null
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let fds: string[]
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (m && inodes.has(m[1]!)) return Number(pid)
      } catch {
        // gone
      }
    }
  }
  return null
}

/** User + system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // clock ticks (USER_HZ 100)
}

/** One signed-in request as a browser asks for it (compressed body read, not decoded). */
export function get(port: number, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent: loadAgent, headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** One closed loop of `clients` signed-in clients on `path` for `seconds`: the requests answered, those not 200 (or not answered), and the server's CPU time (ms) meanwhile. */
export async function burst(port: number, pid: number, path: string, cookie: string, seconds: number, clients: number) {
  const before = cpuMs(pid)
  const { samples } = await drive(clients, seconds, Infinity, async () => (await get(port, path, cookie)) === 200)
  return { requests: samples.length, failed: samples.filter((s) => !s.ok).length, cpu: cpuMs(pid) - before }
}
