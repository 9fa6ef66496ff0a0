// Leak reports: possession is the proof. The answer is the same — status,
// body, and (within a margin) time — for a valid token, a dead one, an unknown
// one and garbage; only the evidence and the owner learn which it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, ISSUER, postForm, type TestResource } from "@/tests/support/agent-client";
import { resetEnvForTests } from "@/lib/env";
import { resetProcessRevocationHub } from "@/lib/services/revocations/revocation-hub";
import * as leakRoute from "@/app/api/oauth/revoke-leaked/route";
import type { Actor } from "@/lib/services/context";
import { createWebhook } from "@/lib/services/webhooks/manage-webhooks";
import { expectActive, expectRevoked, issue } from "../broker/revocation-support";
import { eventually, expectHeard, listen } from "./stream-support";

const t = useTestDatabase();
let admin: Actor;
let rs: TestResource;
let address = 0;

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
});
afterAll(() => resetProcessRevocationHub());

async function report(token: string, extra: Record<string, string> = {}, ip = `203.0.113.${++address}`) {
  const started = performance.now();
  const res = await postForm(leakRoute.POST, `${ISSUER}/api/oauth/revoke-leaked`, { token, ...extra }, { "x-forwarded-for": ip, "user-agent": "secret-scanner/1.0" });
  return { ...res, ms: performance.now() - started };
}

describe("a leaked token", () => {
  it("is revoked with its task and children, the owner told, the report audited — and the resource server hears it", async () => {
    const l = await listen(rs);
    // A webhook subscribed to leak reports only, and one to something else.
    const hook = await createWebhook(t.ctx(), admin, { name: "leaks", url: "https://hooks.example/leaks", events: ["credential.leak_reported"] });
    const other = await createWebhook(t.ctx(), admin, { name: "approvals", url: "https://hooks.example/approvals", events: ["step_up.requested"] });
    const { agent, owner } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx());
    const leaked = await issue(t.db, agent, rs, detail({ task_id: "leak-task" }));
    const sibling = await issue(t.db, agent, rs, detail({ task_id: "leak-task" }));
    const { delegate } = await import("../broker/revocation-support");
    const child = await delegate(t.db, sub, rs, sibling.token);
    const unrelated = await issue(t.db, agent, rs);
    const res = await report(leaked.token, { reported_from: "https://gist.example/abc", note: "pasted in a public gist" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    await expectRevoked(t.db, rs, leaked, "leaked");
    await expectRevoked(t.db, rs, sibling, "leaked");
    await expectRevoked(t.db, rs, child, "leaked"); // a delegated child belongs to the same task
    await expectActive(t.db, rs, unrelated);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: leaked.taskId } })).status).toBe("REVOKED");
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { type: "credential.leak_reported", targetId: leaked.credentialId } });
    expect(JSON.parse(ev.data)).toMatchObject({ clientIp: expect.stringMatching(/^203\.0\.113\./), userAgent: "secret-scanner/1.0", reportedFrom: "https://gist.example/abc", note: "pasted in a public gist", wasLive: true, revokedCount: 3, taskEnded: true });
    expect(ev.data).not.toContain(leaked.token);
    const note = await t.db.notification.findFirstOrThrow({ where: { userId: owner.id, kind: "credential_leaked" } });
    expect(note.body).toContain("gist.example");
    const delivery = await t.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id, eventType: "credential.leak_reported" } });
    expect(JSON.parse(delivery.payload)).toMatchObject({ type: "credential.leak_reported", data: { credentialId: leaked.credentialId, wasLive: true, revokedCount: 3, reportedFrom: "https://gist.example/abc" } });
    expect(delivery.payload).not.toContain(leaked.token);
    expect(await t.db.webhookDelivery.count({ where: { webhookId: other.id } })).toBe(0);
    await eventually(() => expectHeard(l, [leaked.token, sibling.token], "leaked"));
    l.sub.close();
  });

  it("answers identically for valid, already-dead, unknown and garbage tokens", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const valid = await issue(t.db, agent, rs);
    const dead = await issue(t.db, agent, rs);
    await report(dead.token);
    const forged = valid.token.slice(0, -4) + (valid.token.endsWith("AAAA") ? "BBBB" : "AAAA");
    const answers = [await report(valid.token), await report(dead.token), await report(forged), await report("not a token at all"), await report("")];
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.json).toEqual({});
    }
    const times = answers.map((a) => a.ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(240);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(200);
    expect(await t.db.auditEvent.count({ where: { type: "credential.leak_report_unmatched" } })).toBeGreaterThanOrEqual(3);
  });

  it("is rate-limited per address", async () => {
    process.env.MANDATE_LEAK_REPORTS_PER_ADDRESS = "3";
    resetEnvForTests();
    try {
      const ip = "198.51.100.7";
      for (let i = 0; i < 3; i++) expect((await report("junk", {}, ip)).status).toBe(200);
      const limited = await report("junk", {}, ip);
      expect(limited.status).toBe(429);
      expect(limited.json.error).toBe("slow_down");
      expect((await report("junk", {}, "198.51.100.8")).status).toBe(200);
    } finally {
      delete process.env.MANDATE_LEAK_REPORTS_PER_ADDRESS;
      resetEnvForTests();
    }
  });
});
