// Instances started together on an empty database each find no signing key
// and no policy set. Before the fix every one of them created a signing key:
// several "active" keys, each instance signing with its own until the next
// re-check. Now exactly one key and one policy set come out of the race
// (PostgreSQL: separate connection pools, as separate processes have).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { createDb, type Db } from "@/lib/db/client";
import { forgetCachedSigner, getActiveSigner } from "@/lib/db/signing-key-store";
import { forgetActivePolicy, getActivePolicy } from "@/lib/services/broker/active-policy";
import { verifyStoredChain } from "@/lib/db/audit-repository";

const t = useTestDatabase();
const pools: Db[] = [];

beforeAll(() => {
  for (let i = 0; i < 3; i++) pools.push(t.provider === "postgresql" ? createDb(t.url) : t.db);
});
afterAll(async () => {
  if (t.provider === "postgresql") for (const db of pools) await db.$disconnect();
});

describe("first start of several instances at once", () => {
  it("creates one signing key and one policy set, with one event each", async () => {
    expect(await t.db.signingKey.count()).toBe(0);
    const signers = await Promise.all(
      pools.flatMap((db) => [0, 1].map(async () => {
        forgetCachedSigner();
        return getActiveSigner(db, new Date());
      })),
    );
    await Promise.all(pools.map((db) => (forgetActivePolicy(), getActivePolicy({ db, now: () => new Date(), requestId: "race" }))));
    expect(await t.db.signingKey.count({ where: { retiredAt: null } })).toBe(1);
    expect(await t.db.signingKey.count()).toBe(1);
    expect(new Set(signers.map((s) => s.kid)).size).toBe(1);
    expect(await t.db.policySet.count({ where: { active: true } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: "signing_key.created" } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { type: "policy.activated" } })).toBe(1);
    expect((await verifyStoredChain(t.db)).ok).toBe(true);
  });
});
