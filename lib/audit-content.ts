import type { AuditOutcome } from '@/lib/generated/prisma/enums'

/*
 * What an audit event's hash covers. Pure (no database), so that the scale
 * generator and any outside verifier can rebuild the chain (lib/hash-chain.ts).
 */

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
