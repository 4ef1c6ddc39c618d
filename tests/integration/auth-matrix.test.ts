import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { isAppError } from '@/lib/errors'
import { ACTION_REGISTRY, type ProbeOutcome, type RegistryEntry } from '@/lib/server/action-registry'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { PERMISSIONS, roleCan, type Permission } from '@/lib/server/policy'

/**
 * The authorization matrix (issue 3, "Tests"): every server action and route
 * handler × every role. Fails when an action or handler has no entry in
 * lib/server/action-registry.ts, when its code does not ask for the session
 * its entry needs, and when the command behind it answers a role otherwise
 * than the policy says. How to add an entry: the header of the registry.
 */

const ROOT = process.cwd()
const ROLES: Role[] = ['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN']
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(full)
    return [full]
  })
}

type ExportedFn = { key: string; file: string; name: string; kind: 'action' | 'route'; body: string; calls: Set<string> }

/** Exported functions of a file, with their body text and the names of the file's own functions they call. */
function exportedFunctions(file: string, kind: 'action' | 'route'): { exported: ExportedFn[]; locals: Map<string, { body: string; calls: Set<string> }> } {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const locals = new Map<string, { body: string; calls: Set<string> }>()
  const exported: ExportedFn[] = []
  const rel = path.relative(ROOT, file).split(path.sep).join('/')

  const callsIn = (node: ts.Node): Set<string> => {
    const names = new Set<string>()
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) names.add(n.expression.text)
      // A local function passed as an argument (run(form, schema, command)) counts as called.
      if (ts.isCallExpression(n)) for (const arg of n.arguments) if (ts.isIdentifier(arg)) names.add(arg.text)
      ts.forEachChild(n, visit)
    }
    visit(node)
    return names
  }

  for (const stmt of source.statements) {
    const isExported = ts.canHaveModifiers(stmt) && (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) {
      const entry = { body: stmt.body.getText(source), calls: callsIn(stmt.body) }
      locals.set(stmt.name.text, entry)
      if (isExported) exported.push({ key: `${rel}#${stmt.name.text}`, file: rel, name: stmt.name.text, kind, ...entry })
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue
        if (!ts.isArrowFunction(d.initializer) && !ts.isFunctionExpression(d.initializer)) continue
        const entry = { body: d.initializer.body.getText(source), calls: callsIn(d.initializer.body) }
        locals.set(d.name.text, entry)
        if (isExported) exported.push({ key: `${rel}#${d.name.text}`, file: rel, name: d.name.text, kind, ...entry })
      }
    } else if (isExported && ts.isExportDeclaration(stmt)) {
      throw new Error(`${rel}: re-exports are not allowed in actions/route files; export each function where it is defined so the matrix can see it.`)
    }
  }
  return { exported: kind === 'route' ? exported.filter((e) => HTTP_METHODS.has(e.name)) : exported, locals }
}

const files = walk(path.join(ROOT, 'app'))
const scanned = files.flatMap((file): Array<{ file: string; kind: 'action' | 'route' }> => {
  const base = path.basename(file)
  if (base === 'actions.ts') return [{ file, kind: 'action' }]
  if (base === 'route.ts') return [{ file, kind: 'route' }]
  return []
})
const found = scanned.map(({ file, kind }) => ({ file, kind, ...exportedFunctions(file, kind) }))
const allExports = found.flatMap((f) => f.exported.map((e) => ({ ...e, locals: f.locals })))

/** Does the function (or a function of its file it calls, transitively) contain one of the guards? */
function guarded(fn: { body: string; calls: Set<string> }, locals: Map<string, { body: string; calls: Set<string> }>, guards: RegExp, seen = new Set<string>()): boolean {
  if (guards.test(fn.body)) return true
  for (const name of fn.calls) {
    if (seen.has(name)) continue
    seen.add(name)
    const local = locals.get(name)
    if (local && guarded(local, locals, guards, seen)) return true
  }
  return false
}

function guardFor(entry: RegistryEntry, kind: 'action' | 'route'): RegExp | null {
  switch (entry.access) {
    case 'public':
      return null
    case 'sign-in-step':
      return /\b(requirePendingStep|currentSession)\(/
    default:
      return kind === 'route' ? /\bauthorizeRoute\(/ : /\b(requireActor|requirePermission)\(/
  }
}

describe('authorization matrix: coverage', () => {
  it('finds the actions and route handlers to check', () => {
    expect(allExports.length).toBeGreaterThan(10)
    expect(allExports.map((e) => e.key)).toContain('app/(app)/admin/users/actions.ts#createUserAction')
  })

  it('every exported action and route handler has an entry in lib/server/action-registry.ts', () => {
    const missing = allExports.map((e) => e.key).filter((k) => !(k in ACTION_REGISTRY))
    expect(missing, `Add these to ACTION_REGISTRY (see the header of lib/server/action-registry.ts):\n${missing.join('\n')}`).toEqual([])
  })

  it('every registry entry names an export that exists', () => {
    const keys = new Set(allExports.map((e) => e.key))
    const stale = Object.keys(ACTION_REGISTRY).filter((k) => !keys.has(k))
    expect(stale, 'Registry entries whose action or handler no longer exists').toEqual([])
  })

  it('every registry entry names a real permission or access kind, and explains record rules', () => {
    for (const [key, entry] of Object.entries(ACTION_REGISTRY)) {
      const known = (PERMISSIONS as readonly string[]).includes(entry.access) || ['authenticated', 'public', 'sign-in-step', 'record-rule'].includes(entry.access)
      expect(known, `${key}: unknown access "${entry.access}"`).toBe(true)
      if (entry.access === 'record-rule') expect(entry.why, `${key}: say which rule decides`).toBeTruthy()
    }
  })

  it.each(allExports.map((e) => [e.key, e] as const))('%s asks for the session its entry needs', (_key, fn) => {
    const entry = ACTION_REGISTRY[fn.key]
    if (!entry) return // reported by the coverage test above
    const guard = guardFor(entry, fn.kind)
    if (guard) expect(guarded(fn, fn.locals, guard), `${fn.key} must call ${guard.source} before doing anything`).toBe(true)
    if (fn.kind === 'route' && (PERMISSIONS as readonly string[]).includes(entry.access)) {
      const permission = /authorizeRoute\(\s*\w+\s*,\s*'([^']+)'/.exec(fn.body)?.[1]
      expect(permission, `${fn.key}: authorizeRoute's permission differs from the registry`).toBe(entry.access)
    }
  })
})

describe('authorization matrix: every role against every probed command', () => {
  const actors = new Map<Role, Actor>()

  beforeAll(async () => {
    for (const role of ROLES) {
      const u = await db.user.create({
        data: { email: `matrix-${role.toLowerCase()}@k9.test`, name: `Matrix ${role}`, role, passwordHash: 'not-a-hash' },
        select: { id: true, email: true, name: true, role: true },
      })
      actors.set(role, { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null })
    }
  })

  function expected(entry: RegistryEntry, role: Role): ProbeOutcome {
    const probe = entry.probe!
    if (entry.access === 'authenticated' || entry.access === 'record-rule') return probe.allowed
    return roleCan(role, entry.access as Permission) ? probe.allowed : (probe.denied ?? 'FORBIDDEN')
  }

  async function outcome(run: () => Promise<unknown>): Promise<ProbeOutcome> {
    try {
      await run()
      return 'OK'
    } catch (error) {
      if (isAppError(error)) return error.code as ProbeOutcome
      throw error
    }
  }

  const cases = Object.entries(ACTION_REGISTRY)
    .filter(([, e]) => e.probe)
    .flatMap(([key, entry]) => ROLES.map((role) => ({ key, role, entry })))

  it.each(cases)('$key as $role', async ({ role, entry }) => {
    const actor = actors.get(role)!
    expect(await outcome(() => entry.probe!.run(actor))).toBe(expected(entry, role))
  })
})
