import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { AuditOutcome } from '@/lib/generated/prisma/enums'
import { chainHash, GENESIS_HASH } from '@/lib/hash-chain'
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

/** Audit rows are hash-chained in seq order; this lock serialises appends. */
const AUDIT_CHAIN_LOCK = 0x4b39_4155 // "K9AU"

/** The content covered by an audit event's hash (everything but seq, prevHash and hash). */
export function auditContent(e: {
  at: Date
  actorId: string | null
  actorLabel: string | null
  action: string
  entityType: string | null
  entityId: string | null
  outcome: AuditOutcome
  ip: string | null
  userAgent: string | null
  details: unknown
}) {
  return {
    at: e.at,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    outcome: e.outcome,
    ip: e.ip,
    userAgent: e.userAgent,
    details: e.details ?? null,
  }
}

/**
 * Append an audit event inside the caller's transaction, so the event and the
 * change it records commit or roll back together. Call it last in the
 * transaction: it holds the chain lock until commit.
 */
export async function recordAudit(tx: Tx, actor: AnyActor | null, action: string, entity: AuditEntity, input: AuditInput = {}) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } })
  const prevHash = last?.hash ?? GENESIS_HASH
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
  const hash = chainHash(prevHash, content)
  await tx.auditEvent.create({
    data: {
      ...content,
      details: content.details === null ? Prisma.JsonNull : (JSON.parse(JSON.stringify(content.details)) as Prisma.InputJsonValue),
      prevHash,
      hash,
    },
    select: { seq: true },
  })
}
