-- The audit trail is one hash chain in seq order (lib/server/audit.ts). An
-- append takes the chain's advisory lock, reads the last hash and inserts the
-- event whose hash covers it. Done as three statements from the app, the lock
-- was held across every round trip to a busy Node process: at 16 clients on
-- the evidence item (each view is audited) 7-10 sessions were waiting for it
-- at any moment (docs/performance.md). This function does the three steps in
-- one call, inside PostgreSQL; called on its own (a read's audit) it holds the
-- lock for the call only, and inside a transaction until that commits.
--
-- The app computes the canonical JSON of the event's content (lib/hash-chain.ts);
-- the hash is SHA-256 over the UTF-8 bytes of prevHash followed by it, exactly
-- as chainHash computes it, so the chain verifies as before.
--
-- VOLATILE: under READ COMMITTED each statement in the body takes a new
-- snapshot, so the last hash is read after the lock is granted and sees every
-- append committed before.
CREATE FUNCTION "k9_audit_append"(
  p_at timestamptz,
  p_actor_id uuid,
  p_actor_label text,
  p_action text,
  p_entity_type text,
  p_entity_id text,
  p_outcome "AuditOutcome",
  p_ip text,
  p_user_agent text,
  p_details jsonb,
  p_content text
) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_prev text;
  v_seq bigint;
BEGIN
  -- The lock lib/server/audit.ts names AUDIT_CHAIN_LOCK (0x4b394155, "K9AU").
  PERFORM pg_advisory_xact_lock(1261060437);
  SELECT "hash" INTO v_prev FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  INSERT INTO "AuditEvent" ("at", "actorId", "actorLabel", "action", "entityType", "entityId", "outcome", "ip", "userAgent", "details", "prevHash", "hash")
  VALUES (p_at, p_actor_id, p_actor_label, p_action, p_entity_type, p_entity_id, p_outcome, p_ip, p_user_agent, p_details, v_prev,
          encode(sha256(convert_to(v_prev || p_content, 'UTF8')), 'hex'))
  RETURNING "seq" INTO v_seq;
  RETURN v_seq;
END;
$$;
