import 'server-only'
import { z } from 'zod'

/**
 * The one place that reads process.env for the app. Every variable is listed
 * in .env.example. The launcher (scripts/start.ts) fills DATABASE_URL and
 * AUTH_SECRET for the embedded default, so the app runs with no .env at all.
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
  BLOB_DIR: z.string().default('.data/blobs'),
  DEMO_MODE: bool.default(false),
  MFA_REQUIRED: bool.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** 0 = locked until an administrator unlocks the account. */
  LOCKOUT_AUTO_UNLOCK_MINUTES: z.coerce.number().int().min(0).default(0),
  VET_CHECK_DUE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  SECURE_COOKIES: bool.optional(),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

export function env(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment:\n${problems}\nSee .env.example.`)
  }
  cached = parsed.data
  return cached
}

/** MFA is required outside the demo unless explicitly switched off. */
export function mfaRequired(): boolean {
  const e = env()
  return e.MFA_REQUIRED ?? !e.DEMO_MODE
}
