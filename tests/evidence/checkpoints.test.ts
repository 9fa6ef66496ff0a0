// Signed checkpoints of the audit chain and whole-database verification,
// including tampering by someone who can bypass the append-only triggers (the
// owner of the database files): every kind of rewrite is named at the right event.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { useTestDatabase, type TestDb } from "@/tests/support/test-db";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { chainEvent, type ChainedEvent } from "@/lib/domain/audit-chain";
import { createCheckpoint, listCheckpoints, publishedAuditKeys } from "@/lib/db/audit-checkpoint-store";
import { checkpointAuditChain } from "@/lib/jobs/checkpoint-audit-chain";
import { verifyDatabaseChain } from "@/lib/services/evidence/verify-database-chain";
import { verifyAuditJws, CHECKPOINT_TYP } from "@/lib/jose/audit-key";
import { parseCheckpointPayload } from "@/lib/domain/evidence/checkpoint";

async function seedEvents(t: TestDb, n: number, at = new Date()) {
  for (let i = 0; i < n; i++) {
    await withTransaction(t.db, (tx) => appendAuditEvent(tx, { type: "test.event", actor: { type: "SYSTEM", label: "test" }, data: { i } }, new Date(at.getTime() + i)));
  }
}

async function disableGuards(t: TestDb) {
  if (t.provider === "sqlite") {
    await t.db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_no_update"`);
    await t.db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_no_delete"`);
  } else {
    await t.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_or_delete"`);
  }
}

const intact = useTestDatabase();
const truncated = useTestDatabase();
const rewritten = useTestDatabase();
const forged = useTestDatabase();

describe("checkpoints", () => {
  it("sign the chain head and count; the public key is published", async () => {
    await seedEvents(intact, 20);
    const c = await createCheckpoint(intact.db, "EXPORT", new Date());
    const { payload } = await verifyAuditJws(c!.jws, CHECKPOINT_TYP, (await publishedAuditKeys()).keys);
    const head = await intact.db.auditEvent.findUniqueOrThrow({ where: { seq: 20 } });
    expect(parseCheckpointPayload(new TextDecoder().decode(payload))).toMatchObject({ count: 20, headHash: head.hash });
  });

  it("are made once per hour however many instances race for it", async () => {
    const at = new Date("2026-11-23T10:15:00Z");
    const results = await Promise.all(Array.from({ length: 6 }, () => createCheckpoint(intact.db, "SCHEDULED", at)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await createCheckpoint(intact.db, "SCHEDULED", new Date("2026-11-23T10:59:59Z"))).toBeNull();
    expect(await checkpointAuditChain(intact.db, () => new Date("2026-11-23T11:00:01Z"))).toEqual({ created: true });
    expect((await listCheckpoints(intact.db)).filter((c) => c.reason === "SCHEDULED")).toHaveLength(2);
  });

  it("cannot be edited or deleted", async () => {
    await expect(intact.db.$executeRawUnsafe(`UPDATE "AuditCheckpoint" SET "seq" = 1`)).rejects.toThrow(/append-only/);
    await expect(intact.db.$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`)).rejects.toThrow(/append-only/);
  });

  it("verify with the whole chain", async () => {
    await seedEvents(intact, 5);
    const r = await verifyDatabaseChain(intact.db, { batchSize: 7 });
    expect(r).toMatchObject({ ok: true, checked: 25, checkpoints: { total: 3, verified: 3 } });
  });
});

describe("verification of a tampered database", () => {
  it("names events deleted from the end, which the chain alone cannot see", async () => {
    await seedEvents(truncated, 12);
    await createCheckpoint(truncated.db, "SCHEDULED", new Date());
    await disableGuards(truncated);
    await truncated.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" > 9`);
    const r = await verifyDatabaseChain(truncated.db);
    expect(r.ok).toBe(false);
    expect(r.checked).toBe(9);
    expect(r.firstBreak).toMatchObject({ seq: 10, reason: "events_missing_after_checkpoint" });
  });

  it("names the checkpoint a consistent rewrite contradicts", async () => {
    await seedEvents(rewritten, 10);
    await createCheckpoint(rewritten.db, "SCHEDULED", new Date());
    await seedEvents(rewritten, 5);
    await disableGuards(rewritten);
    // Rewrite event 4 and re-link everything after it, as an attacker without the audit key would.
    const events = (await rewritten.db.auditEvent.findMany({ orderBy: { seq: "asc" } })) as ChainedEvent[];
    let head: { seq: number; hash: string } = { seq: 3, hash: events[2].hash };
    for (const e of events.slice(3)) {
      const data = e.seq === 4 ? { i: 999 } : JSON.parse(e.data);
      const next = chainEvent({ type: e.type, outcome: e.outcome as "SUCCESS", actor: { type: "SYSTEM", label: e.actorLabel }, data }, head, e.occurredAt);
      await rewritten.db.$executeRawUnsafe(rewritten.provider === "sqlite" ? `UPDATE "AuditEvent" SET "data" = ?, "prevHash" = ?, "hash" = ? WHERE "seq" = ?` : `UPDATE "AuditEvent" SET "data" = $1, "prevHash" = $2, "hash" = $3 WHERE "seq" = $4`, next.data, next.prevHash, next.hash, e.seq);
      head = next;
    }
    const r = await verifyDatabaseChain(rewritten.db);
    expect(r.firstBreak).toMatchObject({ seq: 10, reason: "checkpoint_mismatch" });
    expect(r.checked).toBe(10);
  });

  it("names a checkpoint whose signature does not verify", async () => {
    await seedEvents(forged, 6);
    const real = await createCheckpoint(forged.db, "EXPORT", new Date());
    const parts = real!.jws.split(".");
    const forgedSig = [parts[0], parts[1], Buffer.alloc(64, 1).toString("base64url")].join(".");
    await withTransaction(forged.db, (tx) => tx.auditCheckpoint.create({ data: { seq: 3, headHash: "f".repeat(64), createdAt: new Date(), reason: "EXPORT", kid: real!.kid, jws: forgedSig } }));
    const r = await verifyDatabaseChain(forged.db);
    expect(r.firstBreak).toMatchObject({ seq: 3, reason: "checkpoint_signature_invalid" });
    expect(r.checkpoints).toMatchObject({ total: 2, verified: 1 });
  });

  it("npm run verify-chain reports the first broken link and exits non-zero", async () => {
    const env = { ...process.env, DATABASE_URL: truncated.url };
    const bad = spawnSync("node_modules/.bin/tsx", ["scripts/verify-chain.mts"], { env, encoding: "utf8" });
    expect(bad.stdout).toMatch(/BROKEN at event seq 10 \(events_missing_after_checkpoint\)/);
    expect(bad.status).toBe(1);
    const good = spawnSync("node_modules/.bin/tsx", ["scripts/verify-chain.mts", "--json"], { env: { ...env, DATABASE_URL: intact.url }, encoding: "utf8" });
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, checked: 25 });
    const usage = spawnSync("node_modules/.bin/tsx", ["scripts/verify-chain.mts", "--nope"], { env, encoding: "utf8" });
    expect(usage.status).toBe(2);
  });
});
