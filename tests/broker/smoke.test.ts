import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import { verifyStoredChain } from "@/lib/db/audit-repository";

const t = useTestDatabase();

describe("broker smoke", () => {
  it("allow → introspect → complete → inactive", async () => {
    const { agent } = await ownedAgent(t.ctx(), { dpop: true });
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    const rs = await testResource(t.ctx(), lead);
    const res = await agent.token([detail()]);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ token_type: "DPoP", expires_in: 900, task_id: expect.any(String), decision_id: expect.any(String) });
    const intro = await rs.introspect(res.json.access_token);
    expect(intro.json).toMatchObject({ active: true, sub: agent.id, client_id: agent.id, token_type: "DPoP", cnf: { jkt: expect.any(String) } });
    const done = await agent.complete(res.json.task_id, "succeeded");
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ revoked_credentials: 1 });
    expect((await rs.introspect(res.json.access_token)).json).toEqual({ active: false });
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  });

  it("step-up → pending → approve → token once", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const res = await agent.token([detail({ actions: ["refund"] })]);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String), interval: 5, expires_in: 900 });
    const pending = await agent.poll(res.json.auth_req_id);
    expect(pending.json.error).toBe("authorization_pending");
    await decideStepUp(t.ctx(), owner, res.json.auth_req_id, { vote: "APPROVE", justification: "Refund for ticket 4411 was verified by me" });
    const granted = await agent.poll(res.json.auth_req_id);
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    expect(granted.json.access_token).toEqual(expect.any(String));
    const again = await agent.poll(res.json.auth_req_id);
    expect(again.json.error).toBe("invalid_grant");
  });

  it("delegation narrows and dies with the parent", async () => {
    const { agent: parent, owner } = await ownedAgent(t.ctx());
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const rs = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
    const p = await parent.token([detail({ actions: ["read", "write"] })]);
    expect(p.status, JSON.stringify(p.json)).toBe(200);
    const c = await child.exchange(p.json.access_token, [detail({ actions: ["read"] })]);
    expect(c.status, JSON.stringify(c.json)).toBe(200);
    const ci = await rs.introspect(c.json.access_token);
    expect(ci.json).toMatchObject({ active: true, sub: parent.id, client_id: child.id, act: { sub: child.id } });
    expect((await parent.revoke(p.json.access_token)).status).toBe(200);
    expect((await rs.introspect(c.json.access_token)).json).toEqual({ active: false });
  });
});
