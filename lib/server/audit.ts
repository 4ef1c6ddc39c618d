import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { AuditOutcome } from '@/lib/generated/prisma/enums'
import { auditContent } from '@/lib/audit-content'
import { canonicalJson } from '@/lib/hash-chain'
import { storableJson } from '@/lib/text'
import type { AnyActor } from './actor'
import type { Tx } from './db'

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
 * SECURITY: one constant SQL text, every value a bound parameter.
 */
function appendStatement(actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput): Prisma.Sql {
  const c = auditContent({
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
  // details: a JSON null when there are none, as the trail has always stored it.
  return Prisma.sql`SELECT "k9_audit_append"(${c.at.toISOString()}::timestamptz, ${c.actorId}::uuid, ${c.actorLabel}, ${c.action}, ${c.entityType}, ${c.entityId}, ${c.outcome}::"AuditOutcome", ${c.ip}, ${c.userAgent}, ${JSON.stringify(c.details)}::jsonb, ${canonicalJson(c)})::text AS seq`
}

/**
 * Append an audit event inside the caller's transaction, so the event and the
 * change it records commit or roll back together. Call it last in the
 * transaction: it holds the chain lock until commit.
 */
export async function recordAudit(tx: Tx, actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput = {}) {
  await tx.$queryRaw(appendStatement(actor, action, entity, input))
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
  const statement = appendStatement(actor, action, entity, input)
  // The same text on every call (only the values differ): one prepared statement per connection.
  await hotRows({ name: 'k9_audit_append', text: statement.text }, statement.values)
}
