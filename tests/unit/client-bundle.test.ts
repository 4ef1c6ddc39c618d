import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * Issue 10: first-load JavaScript ≤ 150 kB gzipped per page. zod alone is
 * ~30 kB gzipped; the forms validate on the server (CONVENTIONS.md, the one
 * shape of a server action), so no client component needs it. A client
 * component reaches a module through its value imports (`import type` is
 * erased; a 'use server' module becomes a reference, its code stays on the server).
 */
const root = path.resolve(__dirname, '..', '..')
const HEAVY = ['zod', 'bwip-js', 'qrcode', 'pdf-lib', 'dicom-parser', 'sharp', 'pg']

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  }
  return null
}

/** Value imports of a module (static and dynamic), without `import type` and `export type`. */
function valueImports(source: string): string[] {
  const specs: string[] = []
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue
    const clause = m[3]!.trim()
    // `import { type A, type B } from` is erased too.
    if (/^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').every((p) => !p.trim() || /^type\s/.test(p.trim()))) continue
    specs.push(m[4]!)
  }
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!)
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!)
  return specs
}

/** Every package a client component pulls into the browser, with the chain of files that brings it in. */
function clientPackages(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const seen = new Set<string>()
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = fs.readFileSync(file, 'utf8')
    if (chain.length > 0 && /^\s*['"]use server['"]/.test(source)) return
    for (const spec of valueImports(source)) {
      const local = resolveLocal(file, spec)
      if (local) walk(local, [...chain, path.relative(root, local)])
      else if (!spec.startsWith('.') && !spec.startsWith('@/')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
        if (!found.has(pkg)) found.set(pkg, [path.relative(root, entry), ...chain])
      }
    }
  }
  walk(entry, [])
  return found
}

function clientComponents(): string[] {
  const out: string[] = []
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'generated' && e.name !== 'server') visit(p)
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /^\s*['"]use client['"]/.test(fs.readFileSync(p, 'utf8'))) out.push(p)
    }
  }
  for (const d of ['app', 'components', 'lib']) visit(path.join(root, d))
  return out
}

describe('client bundles', () => {
  const components = clientComponents()

  it('finds the client components', () => {
    expect(components.length).toBeGreaterThan(10)
    expect(components.map((c) => path.relative(root, c))).toContain('components/xray-viewer.tsx')
  })

  it('pull in no zod and no server-side library', () => {
    const offenders: string[] = []
    for (const c of components) {
      for (const [pkg, chain] of clientPackages(c)) {
        if (HEAVY.includes(pkg) || pkg === 'server-only') offenders.push(`${pkg}: ${chain.join(' → ')}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('would notice zod reached through a shared module', () => {
    // The rule is only worth having if it sees through imports: lib/schemas/incidents.ts imports zod.
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'k9-probe-')), 'probe.tsx')
    fs.writeFileSync(probe, "'use client'\nimport { type X } from '@/lib/format'\nimport { LogIncidentSchema } from '@/lib/schemas/incidents'\nexport const y = LogIncidentSchema\n")
    try {
      expect([...clientPackages(probe).keys()]).toContain('zod')
    } finally {
      fs.rmSync(path.dirname(probe), { recursive: true })
    }
  })
})
