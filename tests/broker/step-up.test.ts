// Step-up: a request policy escalates waits for a person. The agent polls
// with the CIBA grant; a decision is made through the automation API with a
// written justification; the approved credential is handed out exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { newKeyPair, TestAgent } from "@/tests/support/agent-client";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import { updateUser } from "@/lib/services/update-user";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import type { Actor } from "@/lib/services/context";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { approve, deny, JUSTIFICATION, list, requestStepUp, view } from "./step-up-support";

const t = useTestDatabase();
let auditor: Actor;
let admin: Actor;

beforeAll(async () => {
  auditor = await seedUser(t.ctx(), "AUDITOR");
  admin = await seedUser(t.ctx(), "ADMIN");
});

const stepUpRow = (id: string) => t.db.stepUpRequest.findUniqueOrThrow({ where: { id } });

describe("asking and polling", () => {
  it("step_up_required names auth_req_id, expires_in and interval; the owner is notified", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const res = await agent.token([{ type: "agent_task", locations: ["https://billing.internal"], actions: ["refund"], identifier: "invoices/7", intent: "Refund ticket 7" }]);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String), expires_in: 900, interval: 5, decision_id: expect.any(String) });
    const row = await stepUpRow(res.json.auth_req_id);
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id } });
    expect(row).toMatchObject({ agentId: agent.id, status: "PENDING", quorum: 1, decisionId: decision.id, requestDigest: decision.requestDigest });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(900_000);
    expect(await t.db.notification.count({ where: { userId: owner.id, kind: "step_up_requested" } })).toBe(1);
  });

  it("authorization_pending before a decision, slow_down (with a larger interval) when polled too fast", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const first = await agent.poll(id);
    expect(first.json).toMatchObject({ error: "authorization_pending", interval: 5 });
    const second = await agent.poll(id);
    expect(second.json.error).toBe("slow_down");
    expect(second.json.interval).toBeGreaterThan(5);
    expect((await stepUpRow(id)).pollInterval).toBe(second.json.interval);
  });

  it("a DPoP-bound request must be polled with the same DPoP key", async () => {
    const { agent, owner } = await ownedAgent(t.ctx(), { dpop: true });
    const id = await requestStepUp(agent);
    expect((await approve(t.ctx(), owner, id)).status).toBe(200);
    const thief = new TestAgent(agent.id, agent.key, await newKeyPair());
    expect((await thief.poll(id)).json).toMatchObject({ error: "invalid_dpop_proof" });
    expect((await agent.poll(id, { dpop: false })).json).toMatchObject({ error: "invalid_dpop_proof" });
    const granted = await agent.poll(id);
    expect(granted.json).toMatchObject({ token_type: "DPoP" });
  });

  // Regression: an auth_req_id with a NUL reached the query and PostgreSQL refused it: 500 instead of invalid_grant.
  it("an auth_req_id that is not an id is unknown, not a server error", async () => {
    const { agent } = await ownedAgent(t.ctx());
    for (const id of ["abc\u0000def", "x".repeat(65), "../etc"]) {
      const res = await agent.poll(id);
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.json.error).toBe("invalid_grant");
    }
  });

  it("another agent's auth_req_id is unknown", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: other } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await other.poll(id)).json).toMatchObject({ error: "invalid_grant" });
  });
});

describe("deciding", () => {
  it("a denial: the poll answers access_denied and nothing is issued", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const res = await deny(t.ctx(), owner, id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ id, status: "DENIED" });
    expect((await agent.poll(id)).json).toMatchObject({ error: "access_denied" });
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
    expect((await approve(t.ctx(), admin, id)).status).toBe(409);
  });

  it("an approval: the token is handed out exactly once, then invalid_grant", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await agent.poll(id)).json.error).toBe("authorization_pending");
    const res = await approve(t.ctx(), owner, id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ id, status: "APPROVED", approvals: 1, quorum: 1 });
    const granted = await agent.poll(id);
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    expect(granted.json).toMatchObject({ access_token: expect.any(String), token_type: "Bearer", authorization_details: [expect.objectContaining({ actions: ["refund"] })] });
    expect(await stepUpRow(id)).toMatchObject({ status: "REDEEMED", credentialId: expect.any(String) });
    const again = await agent.poll(id);
    expect(again.json).toMatchObject({ error: "invalid_grant" });
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(1);
    expect(await eventsOfType(t.db, "step_up.redeemed", { targetId: id })).toHaveLength(1);
  });

  it('a justification that says nothing ("ok", too short) is refused, naming justification', async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    for (const justification of ["ok", "fine by me", "", "aaaaaaaaaaaaaaaaaaaa"]) {
      const res = await approve(t.ctx(), owner, id, { justification });
      expect(res.status, justification).toBe(400);
      expect(res.json.invalid_params).toEqual([expect.objectContaining({ name: "justification" })]);
    }
    expect(await stepUpRow(id)).toMatchObject({ status: "PENDING" });
    expect(await t.db.stepUpVote.count({ where: { stepUpId: id } })).toBe(0);
  });

  it("an auditor sees the request but cannot decide it", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await view(t.ctx(), auditor, id)).json).toMatchObject({ id, status: "PENDING", canDecide: false });
    const res = await approve(t.ctx(), auditor, id);
    expect(res.status).toBe(403);
    expect((await deny(t.ctx(), auditor, id)).status).toBe(403);
    expect(await stepUpRow(id)).toMatchObject({ status: "PENDING" });
  });

  // Regression guard: an OWNER must not see or decide step-ups of agents owned by someone else.
  it("another owner can neither see nor decide it: to them it does not exist (404, not listed), whatever they write", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const stranger = await seedUser(t.ctx(), "OWNER");
    const id = await requestStepUp(agent);
    expect((await view(t.ctx(), stranger, id)).status).toBe(404);
    expect((await list(t.ctx(), stranger)).json.items.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await approve(t.ctx(), stranger, id)).status).toBe(404);
    expect((await deny(t.ctx(), stranger, id)).status).toBe(404);
    // The same answer as for an id that exists nowhere, so deciding cannot tell what viewing hides.
    const unknown = await approve(t.ctx(), stranger, "c000000000000000000000000");
    expect(unknown.status).toBe(404);
    expect((await approve(t.ctx(), stranger, id)).json.detail).toBe(unknown.json.detail.replace("c000000000000000000000000", id));
    expect((await approve(t.ctx(), stranger, id, { justification: "x" })).status).toBe(404);
    expect((await list(t.ctx(), owner)).json.items.map((s: { id: string }) => s.id)).toContain(id);
    expect(await stepUpRow(id)).toMatchObject({ status: "PENDING" });
  });

  it("an approval of a different request than the one on record (digest mismatch) is refused with 409", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const wrong = await approve(t.ctx(), owner, id, { requestDigest: "0".repeat(64) });
    expect(wrong.status).toBe(409);
    expect(await stepUpRow(id)).toMatchObject({ status: "PENDING" });
    const { requestDigest } = await stepUpRow(id);
    expect((await approve(t.ctx(), owner, id, { requestDigest })).json).toMatchObject({ status: "APPROVED" });
  });
});

describe("expiry and changes before redemption", () => {
  it("a pending request past its expiry: the poll answers expired_token and the request is EXPIRED", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    await t.db.stepUpRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await agent.poll(id)).json).toMatchObject({ error: "expired_token" });
    expect(await stepUpRow(id)).toMatchObject({ status: "EXPIRED" });
    expect(await eventsOfType(t.db, "step_up.expired", { targetId: id })).toHaveLength(1);
    expect((await approve(t.ctx(), owner, id)).status).toBe(409);
  });

  it("an approval attempted after expiry (fixed clock) is refused and expires the request", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(decideStepUp(t.ctx(later), owner, id, { vote: "APPROVE", justification: JUSTIFICATION })).rejects.toMatchObject({ code: "conflict" });
    expect(await stepUpRow(id)).toMatchObject({ status: "EXPIRED" });
    expect((await agent.poll(id)).json).toMatchObject({ error: "expired_token" });
  });

  it("an approved request that expires before redemption answers expired_token", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await approve(t.ctx(), owner, id)).status).toBe(200);
    await t.db.stepUpRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await agent.poll(id)).json).toMatchObject({ error: "expired_token" });
    expect(await stepUpRow(id)).toMatchObject({ status: "EXPIRED" });
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("an approved request whose agent was suspended before redemption yields no credential", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await approve(t.ctx(), owner, id)).status).toBe(200);
    await changeAgentStatus(t.ctx(), owner, agent.id, "suspend", "investigating before redemption");
    // While suspended it cannot even authenticate…
    expect((await agent.poll(id)).json).toMatchObject({ error: "invalid_client" });
    // …and reactivation does not revive the approval.
    await changeAgentStatus(t.ctx(), owner, agent.id, "reactivate", "investigation closed");
    expect((await agent.poll(id)).json).toMatchObject({ error: "access_denied" });
    expect(await stepUpRow(id)).toMatchObject({ status: "CANCELLED" });
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("an approved request whose owner was deactivated before redemption is decided again and refused", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const { agent } = await ownedAgent(t.ctx(), { owner });
    const id = await requestStepUp(agent);
    expect((await approve(t.ctx(), owner, id)).status).toBe(200);
    await updateUser(t.ctx(), admin, owner.id, { active: false });
    const res = await agent.poll(id);
    expect(res.json).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
    expect(res.json.error_description).toContain("agent-not-owned");
    expect(await stepUpRow(id)).toMatchObject({ status: "CANCELLED" });
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
  });
});

itLeavesAnIntactAuditChain(t);
