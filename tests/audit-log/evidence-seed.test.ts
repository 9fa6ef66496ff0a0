// bench/evidence/seed.ts writes a database the product accepts: migrated, a
// hash chain that verifies with the product's own verifier, derived columns the
// log browser filters on, and decisions whose events the log finds. SQLite
// only — the seed writes a SQLite file by design (it is the benchmark's engine).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import { findLogRows } from "@/lib/db/audit-log-repository";
import { seedEvidenceDatabase } from "@/bench/evidence/seed";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-seed-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.env.MANDATE_TEST_DB === "postgres")("the evidence benchmark's seed", () => {
  it("seeds N events with a valid chain and consistent rows", async () => {
    const file = path.join(dir, "seed.db");
    const seed = await seedEvidenceDatabase({ file, events: 3000 });
    expect(seed.events).toBeGreaterThanOrEqual(3000);
    const db = createDb(`file:${file}`);
    try {
      expect(await verifyStoredChain(db, 500)).toEqual({ ok: true, checked: seed.events, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await db.decision.count()).toBe(seed.decisions);
      expect(await db.credential.count()).toBe(seed.credentials);
      // Every decision has its event, and every event of a decision names an existing one.
      expect(await db.auditEvent.count({ where: { type: "decision.recorded" } })).toBe(seed.decisions);
      const orphans = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "AuditEvent" e LEFT JOIN "Decision" d ON d."id" = e."decisionId" WHERE e."decisionId" IS NOT NULL AND d."id" IS NULL`);
      expect(Number(orphans[0].n)).toBe(0);
      const denied = await findLogRows(db, { outcome: "DENY" }, null, 20);
      expect(denied.rows.length).toBe(20);
      expect(denied.rows.every((r) => r.decisionOutcome === "DENY")).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });
});
