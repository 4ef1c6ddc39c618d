-- The audit trail lists events newest first by (at, seq); filtering by outcome
-- ("refused access", "failed") read the whole trail without it: 668 ms for the
-- 4 refused events among 5,000,000 (docs/performance.md).
-- CreateIndex
CREATE INDEX "AuditEvent_outcome_at_idx" ON "AuditEvent"("outcome", "at" DESC);
