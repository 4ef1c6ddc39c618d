import 'server-only'
import type { AuditOutcome } from '@/lib/generated/prisma/enums'
import { auditContent } from '@/lib/audit-content'
import { canonicalJson } from '@/lib/hash-chain'
import { storableJson } from '@/lib/text'
import type { AnyActor } from './actor'
import type { HotStatement, Tx } from './db'

export { auditContent }

export type AuditEntity = { type: string; id: string } | null

export type AuditInput = {
  outcome?: AuditOutcome
  details?: Record<string, unknown>
  /** For events with no signed-in actor (failed sign-in): who it was about. */
  actorLabel?: string
  ip?: string | null
  userAgent?: string | null
}

/**
 * Audit rows are hash-chained in seq order; this lock serialises appends. It is
 * taken inside PostgreSQL by "k9_audit_append" (migrations audit_append_function
 * and audit_append_lock_key), which names it as a literal: keep the two equal
 * (tests/integration/audit-chain.test.ts compares them).
 */
export const AUDIT_CHAIN_LOCK = 0x4b39_4155 // "K9AU"

/**
 * One append as "k9_audit_append" takes it: the lock, the last hash and the
 * insert happen in PostgreSQL, in one statement, so the chain's lock is never
 * held across a round trip to this process. The hash covers the canonical JSON
 * computed here, exactly as chainHash would (lib/hash-chain.ts).
 * SECURITY: constant SQL, every value a bound parameter.
 */
const APPEND: HotStatement = {
  name: 'k9_audit_append',
  text: 'SELECT "k9_audit_append"($1::timestamptz, $2::uuid, $3, $4, $5, $6, $7::"AuditOutcome", $8, $9, $10::jsonb, $11)::text AS seq',
}

function appendValues(actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput): unknown[] {
  const content = auditContent({
    at: new Date(),
    actorId: actor?.id ?? null,
    actorLabel: input.actorLabel ?? actor?.email ?? null,
    action,
    entityType: entity?.type ?? null,
    entityId: entity?.id ?? null,
    outcome: input.outcome ?? 'SUCCESS',
    ip: input.ip ?? actor?.ip ?? null,
    userAgent: input.userAgent ?? actor?.userAgent ?? null,
    // Details carry user input (filters, reasons): only what PostgreSQL can store, hashed as stored.
    details: input.details ? storableJson(input.details) : null,
  })
  return [
    content.at.toISOString(),
    content.actorId,
    content.actorLabel,
    content.action,
    content.entityType,
    content.entityId,
    content.outcome,
    content.ip,
    content.userAgent,
    // A JSON null when there are none, as the trail has always stored it.
    JSON.stringify(content.details),
    canonicalJson(content),
  ]
}

/**
 * Append an audit event inside the caller's transaction, so the event and the
 * change it records commit or roll back together. Call it last in the
 * transaction: it holds the chain lock until commit.
 */
export async function recordAudit(tx: Tx, actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput = {}) {
  const [at, actorId, actorLabel, act, entityType, entityId, outcome, ip, userAgent, details, content] = appendValues(actor, action, entity, input)
  await tx.$queryRaw`SELECT "k9_audit_append"(${at}::timestamptz, ${actorId}::uuid, ${actorLabel}, ${act}, ${entityType}, ${entityId}, ${outcome}::"AuditOutcome", ${ip}, ${userAgent}, ${details}::jsonb, ${content})::text AS seq`
}

/**
 * Append an audit event that records no other change (a record viewed, a file
 * downloaded, a refusal): one statement on its own, so the chain's lock is
 * held for that statement only.
 */
export async function appendAudit(actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput = {}) {
  // Imported here, not at the top: the seed (prisma/seed.ts) appends through recordAudit on its own
  // client and database, and importing ./db would open the app's pool from the environment.
  const { hotRows } = await import('./db')
  await hotRows(APPEND, appendValues(actor, action, entity, input))
}
