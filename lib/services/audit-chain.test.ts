import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedAgent, seedUser } from "@/tests/support/factories";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import { verifyAuditChain } from "./verify-audit-chain";

const t = useTestDatabase();

describe("the stored audit chain", () => {
  it("stays a single gap-free chain under concurrent writers and verifies", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    await Promise.all(Array.from({ length: 25 }, (_, i) => seedAgent(t.ctx(), owner, { name: `concurrent-${i}` })));
    const seqs = (await t.db.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBe(50);
    const auditor = await seedUser(t.ctx(), "AUDITOR");
    expect(await verifyAuditChain(t.ctx(), auditor)).toMatchObject({ ok: true, checked: 50 });
  });

  it("cannot be updated or deleted, even with raw SQL", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "seq" = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 2`)).rejects.toThrow(/append-only/);
    expect(await t.db.auditEvent.count()).toBe(50);
  });

  it("names the first broken link when a row was edited behind the database's back", async () => {
    // Simulate tampering by someone who can disable the guard (the owner of the database files).
    if (t.provider === "sqlite") {
      await t.db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_no_update"`);
    } else {
      await t.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_or_delete"`);
    }
    await t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "data" = '{"name":"forged"}' WHERE "seq" = 17`);
    expect(await verifyStoredChain(t.db)).toEqual({ ok: false, checked: 16, firstBreak: { seq: 17, reason: "hash_mismatch" } });
  });
});
