// The outbox's ordering guarantee and the cross-instance wake-up. seq is
// allocated while the audit chain's lock is held (until commit), so seq
// order is commit order: a reader that always asks for "seq > the last one I
// saw" never skips a row that commits later with a smaller seq. On
// PostgreSQL a second instance (its own pool and its own LISTEN connection)
// hears a revocation committed through the first by NOTIFY alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { createDb, withTransaction, type Db } from "@/lib/db/client";
import { revokeCredentials } from "@/lib/services/broker/revoke-credentials";
import { RevocationHub, resetProcessRevocationHub, type RevocationEventView } from "@/lib/services/revocations/revocation-hub";
import type { TestResource } from "@/tests/support/agent-client";
import { issue, type Live } from "../broker/revocation-support";
import { eventually } from "./stream-support";

const t = useTestDatabase();
let rs: TestResource;

beforeAll(async () => {
  const admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
});
afterAll(() => resetProcessRevocationHub());

async function liveCredentials(n: number): Promise<Live[]> {
  const { agent } = await ownedAgent(t.ctx());
  const out: Live[] = [];
  for (let i = 0; i < n; i++) out.push(await issue(t.db, agent, rs));
  return out;
}

const actor = { type: "SYSTEM" as const, label: "test" };

describe("the revocation outbox", () => {
  it("seq order is commit order under concurrent revocations: a following reader misses nothing", async () => {
    const creds = await liveCredentials(16);
    const before = (await t.db.revocationEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
    const seen: number[] = [];
    let cursor = before;
    let done = false;
    // A reader that follows the outbox like the hub does, while the writers race.
    const reader = (async () => {
      while (!done) {
        const rows = await t.db.revocationEvent.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, select: { seq: true } });
        for (const r of rows) seen.push(r.seq);
        if (rows.length) cursor = rows[rows.length - 1].seq;
        await sleep(1);
      }
    })();
    const committed: number[] = [];
    await Promise.all(
      creds.map((c, i) =>
        withTransaction(t.db, async (tx) => {
          await revokeCredentials(tx, { id: c.credentialId }, { trigger: "manual", reason: `race ${i}`, now: new Date(), actor });
          const mine = await tx.revocationEvent.findFirstOrThrow({ where: { credentialId: c.credentialId }, select: { seq: true } });
          await sleep(Math.floor(Math.random() * 15)); // hold the transaction open a little, differently each time
          return mine.seq;
        }).then((seq) => committed.push(seq)),
      ),
    );
    done = true;
    await reader;
    const rows = await t.db.revocationEvent.findMany({ where: { seq: { gt: before } }, orderBy: { seq: "asc" }, select: { seq: true } });
    const final = rows.filter((r) => r.seq > cursor).map((r) => r.seq);
    expect(rows).toHaveLength(creds.length);
    // Everything the racing reader saw, plus what was left after its last read, is everything — in order, no gap skipped.
    expect([...seen, ...final]).toEqual(rows.map((r) => r.seq));
    expect(committed).toEqual([...committed].sort((a, b) => a - b));
  });

  it("a revocation is one row per credential, cascaded children included, with jti hash, audience, trigger and expiry", async () => {
    const [c] = await liveCredentials(1);
    await withTransaction(t.db, (tx) => revokeCredentials(tx, { id: c.credentialId }, { trigger: "leaked", reason: "x", now: new Date(), actor }));
    const cred = await t.db.credential.findUniqueOrThrow({ where: { id: c.credentialId } });
    expect(await t.db.revocationEvent.findMany({ where: { credentialId: c.credentialId } })).toEqual([
      expect.objectContaining({ jtiHash: cred.jtiHash, audience: "https://billing.internal", trigger: "leaked", expiresAt: cred.expiresAt }),
    ]);
  });

  it("a rolled-back revocation leaves no event and wakes nobody", async () => {
    const [c] = await liveCredentials(1);
    await expect(
      withTransaction(t.db, async (tx) => {
        await revokeCredentials(tx, { id: c.credentialId }, { trigger: "manual", reason: "x", now: new Date(), actor });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await t.db.revocationEvent.count({ where: { credentialId: c.credentialId } })).toBe(0);
  });
});

describe.runIf(process.env.MANDATE_TEST_DB === "postgres")("across instances (PostgreSQL LISTEN/NOTIFY)", () => {
  let other: Db;
  let hub: RevocationHub;
  afterAll(async () => {
    await hub?.close();
    await other?.$disconnect();
  });

  it("a revocation committed through one instance reaches a subscriber of another", async () => {
    // The other instance: its own pool, its own LISTEN connection, no in-process wake-ups and a poll too slow to matter.
    other = createDb(t.url);
    hub = new RevocationHub({ db: other, databaseUrl: t.url, pollMs: 10 * 60_000, inProcessWakeups: false });
    const heard: RevocationEventView[] = [];
    await hub.subscribe("https://billing.internal", null, { send: (e) => heard.push(...e), close: () => {} });
    await sleep(300); // the LISTEN connection is up
    const [c] = await liveCredentials(1);
    const started = Date.now();
    await withTransaction(t.db, (tx) => revokeCredentials(tx, { id: c.credentialId }, { trigger: "manual", reason: "x", now: new Date(), actor }));
    const cred = await t.db.credential.findUniqueOrThrow({ where: { id: c.credentialId } });
    await eventually(() => expect(heard.map((e) => e.jtiHash)).toContain(cred.jtiHash), 3_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
