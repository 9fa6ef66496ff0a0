// Whole-chain verification split across worker threads (SQLite) must report
// exactly what one pass reports, wherever the chain is broken: inside a
// segment, on a boundary between segments, or against a checkpoint — and a
// worker that cannot run must leave its segment to the main thread.
import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { useTestDatabase, type TestDb } from "@/tests/support/test-db";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { createCheckpoint } from "@/lib/db/audit-checkpoint-store";
import { chainEvent, type ChainedEvent } from "@/lib/domain/audit-chain";
import { verifyDatabaseChain } from "@/lib/services/evidence/verify-database-chain";

const EVENTS = 30;
/** Three segments: (0,10], (10,20], (20,30]. */
const PARALLEL = { parallelFrom: 1, workers: 3, batchSize: 4 };
const ONE_PASS = { parallelFrom: Number.MAX_SAFE_INTEGER };

async function seed(t: TestDb, n = EVENTS) {
  const at = Date.now();
  for (let i = 0; i < n; i++) await withTransaction(t.db, (tx) => appendAuditEvent(tx, { type: "test.event", actor: { type: "SYSTEM", label: "test" }, data: { i } }, new Date(at + i)));
}

async function sql(t: TestDb, sqlite: string, postgres: string, ...params: unknown[]) {
  if (t.provider === "sqlite") {
    await t.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "AuditEvent_no_update"`);
    await t.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "AuditEvent_no_delete"`);
    await t.db.$executeRawUnsafe(sqlite, ...params);
  } else {
    await t.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_or_delete"`);
    await t.db.$executeRawUnsafe(postgres, ...params);
  }
}

const intact = useTestDatabase();
const editedInside = useTestDatabase();
const lastOfSegmentDeleted = useTestDatabase();
const firstOfSegmentDeleted = useTestDatabase();
const boundaryHashEdited = useTestDatabase();
const rewritten = useTestDatabase();
const brokenWorker = useTestDatabase();

const FALLBACK = "a chain verification worker failed; verifying its segment on the main thread";

async function bothWays(t: TestDb) {
  const warn = vi.spyOn(log, "warn");
  const parallel = await verifyDatabaseChain(t.db, PARALLEL);
  expect(warn.mock.calls.filter(([msg]) => msg === FALLBACK)).toEqual([]);
  warn.mockRestore();
  const onePass = await verifyDatabaseChain(t.db, ONE_PASS);
  expect(parallel).toEqual(onePass);
  return parallel;
}

describe("chain verification in parallel segments", () => {
  it("verifies an intact chain, with the same head as one pass", async () => {
    await seed(intact);
    const head = await intact.db.auditEvent.findUniqueOrThrow({ where: { seq: EVENTS } });
    expect(await bothWays(intact)).toMatchObject({ ok: true, checked: EVENTS, head: head.hash });
  });

  it("names an edit inside the middle segment", async () => {
    await seed(editedInside);
    await sql(editedInside, `UPDATE "AuditEvent" SET "data" = '{"i":999}' WHERE "seq" = 15`, `UPDATE "AuditEvent" SET "data" = '{"i":999}' WHERE "seq" = 15`);
    expect(await bothWays(editedInside)).toMatchObject({ ok: false, checked: 14, firstBreak: { seq: 15, reason: "hash_mismatch" } });
  });

  it("names the deleted last event of a segment (the next segment cannot start from it)", async () => {
    await seed(lastOfSegmentDeleted);
    await sql(lastOfSegmentDeleted, `DELETE FROM "AuditEvent" WHERE "seq" = 10`, `DELETE FROM "AuditEvent" WHERE "seq" = 10`);
    expect(await bothWays(lastOfSegmentDeleted)).toMatchObject({ ok: false, checked: 9, firstBreak: { seq: 10, reason: "gap" } });
  });

  it("names the deleted first event of a segment", async () => {
    await seed(firstOfSegmentDeleted);
    await sql(firstOfSegmentDeleted, `DELETE FROM "AuditEvent" WHERE "seq" = 21`, `DELETE FROM "AuditEvent" WHERE "seq" = 21`);
    expect(await bothWays(firstOfSegmentDeleted)).toMatchObject({ ok: false, checked: 20, firstBreak: { seq: 21, reason: "gap" } });
  });

  it("names an edited hash on a boundary, which the next segment started from", async () => {
    await seed(boundaryHashEdited);
    await sql(boundaryHashEdited, `UPDATE "AuditEvent" SET "hash" = ? WHERE "seq" = 20`, `UPDATE "AuditEvent" SET "hash" = $1 WHERE "seq" = 20`, "f".repeat(64));
    expect(await bothWays(boundaryHashEdited)).toMatchObject({ ok: false, checked: 19, firstBreak: { seq: 20, reason: "hash_mismatch" } });
  });

  it("names the checkpoint a consistent rewrite contradicts, in a later segment", async () => {
    await seed(rewritten, 14);
    await createCheckpoint(rewritten.db, "SCHEDULED", new Date());
    await seed(rewritten, EVENTS - 14);
    // Rewrite event 4 and re-link everything after it, as an attacker without the audit key would.
    const events = (await rewritten.db.auditEvent.findMany({ orderBy: { seq: "asc" } })) as ChainedEvent[];
    let head: { seq: number; hash: string } = { seq: 3, hash: events[2].hash };
    for (const e of events.slice(3)) {
      const next = chainEvent({ type: e.type, outcome: "SUCCESS", actor: { type: "SYSTEM", label: e.actorLabel }, data: e.seq === 4 ? { i: 999 } : JSON.parse(e.data) }, head, e.occurredAt);
      await sql(rewritten, `UPDATE "AuditEvent" SET "data" = ?, "prevHash" = ?, "hash" = ? WHERE "seq" = ?`, `UPDATE "AuditEvent" SET "data" = $1, "prevHash" = $2, "hash" = $3 WHERE "seq" = $4`, next.data, next.prevHash, next.hash, e.seq);
      head = next;
    }
    expect(await bothWays(rewritten)).toMatchObject({ ok: false, checked: 14, firstBreak: { seq: 14, reason: "checkpoint_mismatch" } });
  });

  it("verifies a segment on the main thread when its worker cannot run", async () => {
    await seed(brokenWorker);
    await sql(brokenWorker, `UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "seq" = 27`, `UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "seq" = 27`);
    const warn = vi.spyOn(log, "warn");
    const r = await verifyDatabaseChain(brokenWorker.db, { ...PARALLEL, workerFile: "/nonexistent/chain-segment-worker.ts" });
    if (brokenWorker.provider === "sqlite") expect(warn.mock.calls.filter(([msg]) => msg === FALLBACK)).toHaveLength(3);
    warn.mockRestore();
    expect(r).toMatchObject({ ok: false, checked: 26, firstBreak: { seq: 27, reason: "hash_mismatch" } });
  });
});
