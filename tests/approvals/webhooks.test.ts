// Outgoing webhooks, against a real HTTP receiver on 127.0.0.1 that checks
// the signature like a customer's would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { createWebhook, disableWebhook, listDeliveries } from "@/lib/services/webhooks/manage-webhooks";
import { deliverDueWebhooks } from "@/lib/jobs/deliver-webhooks";
import { verifySignature, SIGNATURE_HEADER } from "@/lib/domain/webhook";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";

const t = useTestDatabase();
type Received = { headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let failNext = 0;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end("busy");
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("outgoing webhooks", () => {
  it("deliver step-up events signed with a timestamp, with a Slack-compatible text", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const hook = await createWebhook(t.ctx(), admin, { name: "chat", url, events: [] });
    expect(hook.secret).toMatch(/^whsec_/);
    const row = await t.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.secretEnc).not.toContain(hook.secret);

    const { agent, owner } = await ownedAgent(t.ctx());
    const res = await agent.token([detail({ actions: ["refund"], intent: "Refund ticket 4411" })]);
    expect(res.json.error).toBe("step_up_required");
    await decideStepUp(t.ctx(), owner, res.json.auth_req_id, { vote: "APPROVE", justification: "Verified the duplicate charge myself" });

    const sent = await deliverDueWebhooks(t.db, () => new Date());
    expect(sent).toEqual({ delivered: 2, failed: 0 });
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(["step_up.requested", "step_up.approved"]);
    for (const r of received) {
      expect(verifySignature(hook.secret, r.headers[SIGNATURE_HEADER.toLowerCase()] as string, r.body, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
      expect(verifySignature("whsec_wrong", r.headers[SIGNATURE_HEADER.toLowerCase()] as string, r.body, Math.floor(Date.now() / 1000))).toMatchObject({ ok: false });
    }
    const first = JSON.parse(received[0].body);
    expect(first.text).toContain("asks for approval: refund on https://billing.internal");
    expect(first.data).toMatchObject({ stepUpId: res.json.auth_req_id, intent: "Refund ticket 4411" });
    expect(received[0].body).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no token in any payload
    await disableWebhook(t.ctx(), admin, hook.id);
  });

  it("retry with backoff when the receiver fails, and record every attempt in the log", async () => {
    received.length = 0;
    const admin = await seedUser(t.ctx(), "ADMIN");
    const hook = await createWebhook(t.ctx(), admin, { name: "flaky", url, events: ["step_up.requested"] });
    const { agent } = await ownedAgent(t.ctx());
    await agent.token([detail({ actions: ["delete"] })]);
    failNext = 2;
    const t0 = Date.now();
    expect(await deliverDueWebhooks(t.db, () => new Date(t0))).toEqual({ delivered: 0, failed: 1 });
    let [d] = await listDeliveries(t.ctx(), admin, hook.id);
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 503, lastError: "receiver answered HTTP 503" });
    expect(d.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0 + 10_000);
    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(t.db, () => new Date(t0 + 5_000))).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverDueWebhooks(t.db, () => new Date(t0 + 11_000))).toEqual({ delivered: 0, failed: 1 });
    [d] = await listDeliveries(t.ctx(), admin, hook.id);
    expect(d.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0 + 11_000 + 30_000);
    expect(await deliverDueWebhooks(t.db, () => new Date(t0 + 60_000))).toEqual({ delivered: 1, failed: 0 });
    [d] = await listDeliveries(t.ctx(), admin, hook.id);
    expect(d).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 204 });
    expect(received).toHaveLength(1);
  });

  it("never block a decision when the receiver is down, and give up after the last attempt", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    await t.db.webhook.updateMany({ data: { active: false } });
    const hook = await createWebhook(t.ctx(), admin, { name: "dead", url: "http://127.0.0.1:9/unreachable", events: [] });
    const { agent } = await ownedAgent(t.ctx());
    const res = await agent.token([detail({ actions: ["delete"] })]);
    expect(res.json.error).toBe("step_up_required");
    let clock = Date.now();
    for (let i = 0; i < 10; i++) {
      await deliverDueWebhooks(t.db, () => new Date(clock));
      clock += 7 * 3600 * 1000;
    }
    const [d] = await listDeliveries(t.ctx(), admin, hook.id);
    expect(d).toMatchObject({ status: "FAILED", attempts: 8, lastError: expect.stringMatching(/could not deliver/) });
  });

  it("are for admins only", async () => {
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    await expect(createWebhook(t.ctx(), lead, { name: "x", url, events: [] })).rejects.toMatchObject({ code: "forbidden" });
  });
});
