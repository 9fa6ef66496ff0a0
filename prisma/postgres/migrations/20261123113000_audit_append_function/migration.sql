-- Appends audit events to the hash chain in ONE statement, under the chain's
-- advisory lock (lib/db/audit-repository.ts: withAuditAtCommit).
--
-- The chain lock is held from the moment it is taken until COMMIT, and every
-- instance's audited writes queue behind it. Taking it, reading the head and
-- inserting from the application costs a round trip each while the lock is
-- held; this function does all of it in the one round trip of its call. The
-- application computes everything of each event's hash input but the two
-- fields that depend on the head (prevHash, seq): `before || prevHash ||
-- between || seq || after` is exactly lib/domain/audit-chain.ts's
-- fastEventHashInput, hashed here with SHA-256.
--
-- VOLATILE in READ COMMITTED: each statement inside sees a fresh snapshot, so
-- the head read after the lock is the committed head.
--
-- required_policy_version (or NULL): the policy fence (lib/db/policy-fence.ts)
-- checked under the same lock; a mismatch raises 'mandate_policy_changed'.
CREATE OR REPLACE FUNCTION mandate_append_audit_events(events jsonb, required_policy_version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  head_seq integer;
  head_hash text;
  active_version integer;
  e jsonb;
  next_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(4242001);
  IF required_policy_version IS NOT NULL THEN
    SELECT "version" INTO active_version FROM "PolicySet" WHERE "active" ORDER BY "version" DESC LIMIT 1;
    IF active_version IS DISTINCT FROM required_policy_version THEN
      RAISE EXCEPTION 'mandate_policy_changed: decided under %, active %', required_policy_version, coalesce(active_version::text, 'none');
    END IF;
  END IF;
  SELECT "seq", "hash" INTO head_seq, head_hash FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1;
  IF head_seq IS NULL THEN
    head_seq := 0;
    head_hash := repeat('0', 64);
  END IF;
  FOR e IN SELECT * FROM jsonb_array_elements(events) LOOP
    next_hash := encode(sha256(convert_to((e->>'before') || head_hash || (e->>'between') || (head_seq + 1)::text || (e->>'after'), 'UTF8')), 'hex');
    INSERT INTO "AuditEvent" ("seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash", "agentId", "decisionId")
    VALUES (head_seq + 1, (e->>'occurredAt')::timestamp(3), e->>'type', e->>'outcome', e->>'actorType', e->>'actorId', e->>'actorLabel', e->>'targetType', e->>'targetId', e->>'data', e->>'requestId', head_hash, next_hash, e->>'agentId', e->>'decisionId');
    head_seq := head_seq + 1;
    head_hash := next_hash;
  END LOOP;
  RETURN head_seq;
END;
$$;

