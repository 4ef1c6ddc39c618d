/**
 * What the A/B scripts share (issue 10): find the process serving a port, read
 * its CPU time, and drive it with a closed loop of signed-in clients.
 * scripts/ab-servers.ts (two builds side by side) and scripts/ab-builds.ts
 * (one build at a time, alternated) use them.
 */
import fs from 'node:fs'
import http from 'node:http'

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

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

/** One signed-in request as a browser asks for it (compressed body read, not decoded). */
export function get(port: number, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** One closed loop of `clients` signed-in clients on `path` for `seconds`: the requests answered, those not 200, and the server's CPU time (ms) meanwhile. */
export async function burst(port: number, pid: number, path: string, cookie: string, seconds: number, clients: number) {
  let requests = 0
  let failed = 0
  const before = cpuMs(pid)
  const deadline = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        if ((await get(port, path, cookie)) !== 200) failed++
        requests++
      }
    }),
  )
  return { requests, failed, cpu: cpuMs(pid) - before }
}

