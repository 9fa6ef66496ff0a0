// Assertions shared by the broker tests: what a refusal must leave behind (an
// audit event, and nothing else), and the chain check each file ends with.
import { expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import type { TestDb } from "@/tests/support/test-db";

export type Counts = { credentials: number; decisions: number; tasks: number; stepUps: number };

export async function counts(db: Db): Promise<Counts> {
  const [credentials, decisions, tasks, stepUps] = await Promise.all([db.credential.count(), db.decision.count(), db.task.count(), db.stepUpRequest.count()]);
  return { credentials, decisions, tasks, stepUps };
}

type Answer = { status: number; json: any };

/**
 * A refused request: the OAuth error, one FAILURE audit event of `auditType`
 * under the request's id, and no credential, decision, task or step-up written.
 */
export async function expectRefusal(db: Db, before: Counts, res: Answer, o: { status: number; error: string; auditType: string; describe?: RegExp }) {
  expect(res.status, JSON.stringify(res.json)).toBe(o.status);
  expect(res.json.error).toBe(o.error);
  if (o.describe) expect(res.json.error_description).toMatch(o.describe);
  const events = await db.auditEvent.findMany({ where: { requestId: res.json.request_id }, select: { type: true, outcome: true, data: true } });
  expect(events.map((e) => [e.type, e.outcome])).toEqual([[o.auditType, "FAILURE"]]);
  expect(JSON.parse(events[0].data)).toMatchObject({ error: o.error });
  expect(await counts(db)).toEqual(before);
}

/** Every file ends with this case: whatever the file did, the audit chain is intact. */
export function itLeavesAnIntactAuditChain(t: TestDb) {
  it("leaves an intact audit chain", async () => {
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  });
}

/** Audit events of a type, newest last. */
export async function eventsOfType(db: Db, type: string, where: { targetId?: string; requestId?: string } = {}) {
  const rows = await db.auditEvent.findMany({ where: { type, ...where }, orderBy: { seq: "asc" }, select: { type: true, outcome: true, data: true, targetId: true, actorType: true, actorId: true } });
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, any> }));
}
