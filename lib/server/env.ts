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

const blobFields = {
  /** Where files go: `local` (BLOB_DIR) or `s3` (an S3-compatible bucket, shared by several instances). */
  BLOB_STORE: z.enum(['local', 's3'], { message: 'BLOB_STORE must be "local" or "s3"' }).default('local'),
  BLOB_DIR: z.string().default('.data/blobs'),
  /** S3-compatible endpoint (MinIO, Ceph…); unset: AWS S3 of S3_REGION. */
  S3_ENDPOINT: z.string().url({ message: 'S3_ENDPOINT must be a URL such as http://minio.internal:9000' }).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), needed by most self-hosted stores. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Optional folder inside the bucket, e.g. `k9/` (keys stay content-addressed under it). */
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'S3_PREFIX must be empty or end with "/" (letters, digits, . _ -)').default(''),
}

function requireS3Settings(e: { BLOB_STORE: 'local' | 's3'; S3_BUCKET?: string; S3_ACCESS_KEY_ID?: string; S3_SECRET_ACCESS_KEY?: string }, ctx: z.RefinementCtx) {
  if (e.BLOB_STORE !== 's3') return
  for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!e[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when BLOB_STORE=s3` })
  }
}

const BlobEnvSchema = z.object(blobFields).superRefine(requireS3Settings)

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
  ...blobFields,
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
}).superRefine(requireS3Settings)

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

/**
 * Only the blob-store settings, validated the same way (scripts such as the
 * seed, backup and restore need them without a database URL or auth secret).
 */
export function blobSettings(source: Record<string, string | undefined> = process.env) {
  const parsed = BlobEnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment:\n${problems}\nSee .env.example.`)
  }
  return parsed.data
}

/** MFA is required outside the demo unless explicitly switched off. */
export function mfaRequired(): boolean {
  const e = env()
  return e.MFA_REQUIRED ?? !e.DEMO_MODE
}
