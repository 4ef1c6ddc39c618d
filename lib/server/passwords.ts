import 'server-only'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/schemas/auth'

/**
 * Password hashing and the password rules (ASVS 5 V6.2, CJIS 5.6.2.1.1;
 * docs/decisions/004-sessions.md).
 *
 * argon2id with OWASP's recommended cost (19 MiB, 2 passes, 1 lane) from
 * @node-rs/argon2, which runs the hash on libuv's thread pool, not the event
 * loop. Input is NFKC-normalised (NIST SP 800-63B 5.1.1.2) so the same
 * passphrase typed on two keyboards matches; nothing is ever truncated.
 */
// Algorithm is an ambient const enum (unusable under isolatedModules): 2 = Argon2id.
const ARGON2ID = 2 as Algorithm
const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

function normalize(plain: string): string {
  return plain.normalize('NFKC')
}

export async function hashPassword(plain: string): Promise<string> {
  return hash(normalize(plain), ARGON2_OPTIONS)
}

/**
 * Counts argon2 verifications done by this process: the lockout test proves
 * with it that 200 concurrent wrong passwords cost at most 5 verifications,
 * and an operator can read it as a metric.
 */
let verifications = 0
export function verificationCount(): number {
  return verifications
}

/** Never throws for a malformed hash: it is simply not a match. */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  verifications += 1
  try {
    return await verify(passwordHash, normalize(plain))
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined
/**
 * Verify against a throwaway hash of the same cost, so that an unknown or
 * deactivated e-mail takes as long to refuse as a wrong password.
 */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummyHash ??= hashPassword(`dummy:${Math.random()}:${Date.now()}`)
  await verifyPassword(await dummyHash, plain)
  return false
}

let common: ReadonlySet<string> | undefined
/** The shipped list (lib/common-passwords.txt), loaded once per process. */
function commonPasswords(): ReadonlySet<string> {
  if (common) return common
  const file = path.join(process.cwd(), 'lib', 'common-passwords.txt')
  const lines = readFileSync(file, 'utf8').split('\n')
  common = new Set(lines.filter((l) => l && !l.startsWith('#')))
  return common
}

export function isCommonPassword(plain: string): boolean {
  return commonPasswords().has(normalize(plain).toLowerCase())
}

/** Words that make a password guessable here (ASVS V6.2.11: context-specific words). */
const CONTEXT_WORDS = ['k9casebook', 'casebook', 'password', 'k9unit']

/**
 * The password rules. No composition rules (ASVS V6.2.5), 12..128 characters
 * (V6.2.1, V6.2.9), not on the common list (V6.2.4), not built on the
 * product's name or the user's own e-mail (V6.2.11). Returns every problem,
 * empty when the password is acceptable.
 */
export function passwordProblems(plain: string, context: { email?: string; name?: string } = {}): string[] {
  const normalized = normalize(plain)
  const length = [...normalized].length
  if (length < PASSWORD_MIN_LENGTH) return [`Use at least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember.`]
  if (length > PASSWORD_MAX_LENGTH) return [`Use at most ${PASSWORD_MAX_LENGTH} characters.`]
  const problems: string[] = []
  const lower = normalized.toLowerCase()
  const squashed = lower.replace(/[^\p{L}\p{N}]/gu, '')
  if (isCommonPassword(normalized)) problems.push('This password is on a list of commonly used passwords. Choose another.')
  const personal = [
    ...CONTEXT_WORDS,
    ...(context.email ? [context.email.toLowerCase().split('@')[0] ?? ''] : []),
    ...(context.name ? context.name.toLowerCase().split(/\s+/) : []),
  ].filter((w) => w.length >= 4)
  // Guessable when the password is little more than one of these words.
  if (personal.some((w) => squashed.includes(w.replace(/[^\p{L}\p{N}]/gu, '')) && squashed.length - w.length < 6)) {
    problems.push('This password is too close to your name, your e-mail or the name of this system.')
  }
  if (/^(.)\1+$/u.test(normalized)) problems.push('Do not repeat one character.')
  return problems
}
