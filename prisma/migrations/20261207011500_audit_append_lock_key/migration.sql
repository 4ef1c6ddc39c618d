-- The audit append function (migration 20261207003000_audit_append_function)
-- took advisory lock 1261060437, which is not 0x4b394155 (1262043477), the key
-- the app's AUDIT_CHAIN_LOCK names and took before it: a decimal mistake.
-- Every append goes through the function, so the chain was still serialised;
-- but any code taking the chain's lock by its name would not have excluded
-- appends. Same function, the right key (tests/integration/audit-chain.test.ts
-- compares them).
CREATE OR REPLACE FUNCTION "k9_audit_append"(
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
  -- The lock lib/server/audit.ts names AUDIT_CHAIN_LOCK (0x4b394155 = 1262043477, "K9AU").
  PERFORM pg_advisory_xact_lock(1262043477);
  SELECT "hash" INTO v_prev FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  INSERT INTO "AuditEvent" ("at", "actorId", "actorLabel", "action", "entityType", "entityId", "outcome", "ip", "userAgent", "details", "prevHash", "hash")
  VALUES (p_at, p_actor_id, p_actor_label, p_action, p_entity_type, p_entity_id, p_outcome, p_ip, p_user_agent, p_details, v_prev,
          encode(sha256(convert_to(v_prev || p_content, 'UTF8')), 'hex'))
  RETURNING "seq" INTO v_seq;
  RETURN v_seq;
END;
$$;
