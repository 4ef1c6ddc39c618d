/**
 * Secrets the launcher generates once and keeps in ./.data/secrets.json
 * (mode 0600, git-ignored), so the app runs with no .env at all. An explicit
 * AUTH_SECRET in the environment always wins (scripts/start.ts).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from './embedded-pg'

export interface LauncherSecrets {
  AUTH_SECRET: string
}

export const SECRETS_FILE = path.join(repoRoot, '.data', 'secrets.json')

function isValid(value: unknown): value is LauncherSecrets {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LauncherSecrets).AUTH_SECRET === 'string' &&
    (value as LauncherSecrets).AUTH_SECRET.length >= 32
  )
}

function read(file: string): LauncherSecrets | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`${file} is not valid JSON. Fix it, or delete it to generate new secrets (everyone will be signed out).`)
  }
  if (!isValid(parsed)) {
    throw new Error(`${file} has no usable AUTH_SECRET (32+ characters). Fix it, or delete it to generate new secrets (everyone will be signed out).`)
  }
  // SECURITY: the file holds the session-signing key; keep it private even if someone loosened it.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600)
  return parsed
}

/** Reads ./.data/secrets.json, generating it (once, atomically) when missing. */
export function loadOrCreateSecrets(file: string = SECRETS_FILE): LauncherSecrets {
  const existing = read(file)
  if (existing) return existing
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const secrets: LauncherSecrets = { AUTH_SECRET: randomBytes(32).toString('base64url') }
  const partial = `${file}.${process.pid}.tmp`
  fs.writeFileSync(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  try {
    // link() fails when the file appeared meanwhile: then the other process's secret wins.
    fs.linkSync(partial, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    fs.rmSync(partial, { force: true })
  }
  return read(file) ?? secrets
}
