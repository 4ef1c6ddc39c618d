import 'server-only'
import type { Actor } from './actor'
import type { Tx } from './db'

/** How long a form's idempotency key is honoured (decision 013). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000

/**
 * Decision 013 as one helper for create forms: serialises every submit of one
 * form on a transaction-scoped advisory lock on its key, then looks for the
 * audit event (`action`, by this actor, within the window) whose details
 * carry the same `idempotencyKey`. Returns that event's entity id and
 * details, or null for a first submit. The caller writes the key into the
 * details of the audit event of its create, in the same transaction.
 */
export async function earlierSubmit(tx: Tx, actor: Pick<Actor, 'id'>, action: string, key: string, now = new Date()) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${action}:${key}`}, 0))`
  const earlier = await tx.auditEvent.findFirst({
    where: { action, actorId: actor.id, at: { gte: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) }, details: { path: ['idempotencyKey'], equals: key } },
    select: { entityId: true, details: true },
  })
  if (!earlier?.entityId) return null
  return { entityId: earlier.entityId, details: (earlier.details ?? {}) as Record<string, unknown> }
}
