// The broker's direct SQLite path (sqlite-direct.ts) against a real database:
// Prisma reads what it writes, a group commit isolates a failing body, and it
// never interleaves with a Prisma transaction. SQLite only.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedAgent, seedUser } from "@/tests/support/factories";
import { sqliteDirect, withTransaction } from "./client";
import { appendAuditEvent, appendAuditEventDirect, verifyStoredChain } from "./audit-repository";
import { touchAgentDirect } from "./agent-repository";
import { insertRowDirect } from "./insert-direct";
import { claimOnceDirect, ReplayError } from "./replay-guard";
import { recordHitDirect } from "./rate-limit";

const t = useTestDatabase();
const onSqlite = process.env.MANDATE_TEST_DB !== "postgres";

describe.runIf(onSqlite)("the direct SQLite path", () => {
  it("writes rows Prisma reads back exactly (dates, booleans, defaults)", async () => {
    const d = (await sqliteDirect(t.db))!;
    const agent = await seedAgent(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
    const startedAt = new Date("2026-11-23T10:11:12.345Z");
    const seenAt = new Date("2026-11-23T10:11:13.001Z");
    await d.transaction((db) => {
      insertRowDirect(db, "Task", { id: "task-direct-1", agentId: agent.id, clientTaskId: null, intent: "direct", startedAt, endedAt: undefined });
      touchAgentDirect(db, agent.id, seenAt);
      recordHitDirect(db, "k", 60, seenAt);
      recordHitDirect(db, "k", 60, seenAt);
    });
    const task = await t.db.task.findUniqueOrThrow({ where: { id: "task-direct-1" } });
    expect(task).toMatchObject({ status: "RUNNING", startedAt, endedAt: null, clientTaskId: null });
    expect((await t.db.agentIdentity.findUniqueOrThrow({ where: { id: agent.id } })).lastSeenAt).toEqual(seenAt);
    // Prisma finds the counter the direct path wrote by its (key, windowStart) id.
    const counter = await t.db.rateLimitCounter.findUnique({ where: { key_windowStart: { key: "k", windowStart: new Date("2026-11-23T10:11:00.000Z") } } });
    expect(counter?.count).toBe(2);
  });

  it("commits a group in one transaction, each body isolated in its own savepoint", async () => {
    const d = (await sqliteDirect(t.db))!;
    const until = new Date(Date.now() + 60_000);
    const boom = new Error("second body fails after writing");
    // Submitted in one turn of the event loop: one group.
    const results = await Promise.allSettled([
      d.transaction((db) => claimOnceDirect(db, "group:a", until)),
      d.transaction((db) => {
        claimOnceDirect(db, "group:b", until);
        throw boom;
      }),
      d.transaction((db) => claimOnceDirect(db, "group:c", until)),
      d.transaction((db) => claimOnceDirect(db, "group:a", until)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(ReplayError);
    const keys = (await t.db.replayGuard.findMany({ where: { key: { startsWith: "group:" } }, select: { key: true } })).map((r) => r.key).sort();
    expect(keys).toEqual(["group:a", "group:c"]);
  });

  it("waits for an open Prisma transaction, and is never used inside one", async () => {
    const d = (await sqliteDirect(t.db))!;
    const until = new Date(Date.now() + 60_000);
    const order: string[] = [];
    let letPrismaFinish!: () => void;
    const prismaMayFinish = new Promise<void>((r) => (letPrismaFinish = r));
    const prisma = withTransaction(t.db, async (tx) => {
      expect(await sqliteDirect(tx)).toBeNull();
      await tx.replayGuard.create({ data: { key: "lock:prisma", expiresAt: until } });
      await prismaMayFinish;
      order.push("prisma committed");
    });
    await new Promise((r) => setTimeout(r, 20));
    const direct = d.transaction((db) => {
      order.push("direct ran");
      claimOnceDirect(db, "lock:direct", until);
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    letPrismaFinish();
    await Promise.all([prisma, direct]);
    expect(order).toEqual(["prisma committed", "direct ran"]);
  });

  it("keeps one audit chain across Prisma and direct appends", async () => {
    const d = (await sqliteDirect(t.db))!;
    const actor = { type: "SYSTEM" as const, label: "test" };
    for (let i = 0; i < 3; i++) {
      await withTransaction(t.db, (tx) => appendAuditEvent(tx, { type: "test.prisma", actor, data: { i } }, new Date()));
      await Promise.all([1, 2].map((j) => d.transaction((db) => appendAuditEventDirect(db, { type: "test.direct", actor, data: { i, j } }, new Date()))));
    }
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  });
});
