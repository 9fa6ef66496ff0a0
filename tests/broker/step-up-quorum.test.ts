// Quorum, separation of duties and concurrency of step-up decisions.
// CRITICAL requests need two distinct approvers, at least one of them not
// accountable for the agent; nobody counts twice; simultaneous clicks produce
// exactly one state change — on SQLite and on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { call, ORIGIN, sessionCookie } from "@/tests/support/http";
import { assignOwner } from "@/lib/services/assign-owner";
import type { Actor } from "@/lib/services/context";
import * as approveRoute from "@/app/api/v1/step-ups/[id]/approve/route";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { approve, deny, JUSTIFICATION, requestStepUp } from "./step-up-support";

const t = useTestDatabase();
let leads: Actor[];

beforeAll(async () => {
  leads = [];
  for (let i = 0; i < 50; i++) leads.push(await seedUser(t.ctx(), "SECURITY_LEAD"));
});

/** HIGH and CRITICAL approvals are made in the browser, by someone who signed in just now. */
async function approveInBrowser(person: Actor, id: string) {
  const cookie = await sessionCookie(person, 0, Math.floor(Date.now() / 1000));
  return call(approveRoute, "POST", `/api/v1/step-ups/${id}/approve`, { auth: { cookie, origin: ORIGIN }, params: { id }, body: { justification: JUSTIFICATION } });
}

async function criticalAgentWithBackup() {
  const owner = await seedUser(t.ctx(), "OWNER");
  const backup = await seedUser(t.ctx(), "OWNER");
  const { agent } = await ownedAgent(t.ctx(), { owner, riskTier: "CRITICAL" });
  // Same owner, so the acknowledgement stands; only the backup is added.
  await assignOwner(t.ctx(), owner, agent.id, { ownerId: owner.id, backupOwnerId: backup.id });
  return { agent, owner, backup };
}

const stepUpRow = (id: string) => t.db.stepUpRequest.findUniqueOrThrow({ where: { id }, include: { votes: true } });

describe("CRITICAL: two distinct approvers, at least one independent of the agent", () => {
  it("owner + backup owner is still pending; a security lead completes the quorum", async () => {
    const { agent, owner, backup } = await criticalAgentWithBackup();
    const id = await requestStepUp(agent);
    expect(await stepUpRow(id)).toMatchObject({ quorum: 2, status: "PENDING" });
    const first = await approveInBrowser(owner, id);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toMatchObject({ status: "PENDING", approvals: 1, quorum: 2 });
    // Regression: the backup owner is as accountable as the owner, so owner + backup is not an independent quorum.
    const second = await approveInBrowser(backup, id);
    expect(second.status, JSON.stringify(second.json)).toBe(200);
    expect(second.json).toMatchObject({ status: "PENDING", approvals: 2 });
    expect((await agent.poll(id)).json.error).toBe("authorization_pending");
    const third = await approveInBrowser(leads[0], id);
    expect(third.json).toMatchObject({ status: "APPROVED", approvals: 3 });
    const granted = await agent.poll(id);
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    expect(granted.json.token_type).toBe("DPoP");
  });

  it("one approval is not enough, even from a security lead", async () => {
    const { agent } = await criticalAgentWithBackup();
    const id = await requestStepUp(agent);
    expect((await approveInBrowser(leads[1], id)).json).toMatchObject({ status: "PENDING", approvals: 1 });
    expect((await approveInBrowser(leads[2], id)).json).toMatchObject({ status: "APPROVED", approvals: 2 });
  });

  it("the same person cannot count twice (409)", async () => {
    const { agent, owner } = await criticalAgentWithBackup();
    const id = await requestStepUp(agent);
    expect((await approveInBrowser(owner, id)).status).toBe(200);
    const twice = await approveInBrowser(owner, id);
    expect(twice.status).toBe(409);
    const row = await stepUpRow(id);
    expect(row).toMatchObject({ status: "PENDING" });
    expect(row.votes).toHaveLength(1);
  });

  it("a HIGH or CRITICAL approval with a personal access token needs a fresh browser sign-in instead", async () => {
    const { agent, owner } = await criticalAgentWithBackup();
    const id = await requestStepUp(agent);
    const res = await approve(t.ctx(), owner, id);
    expect(res.status).toBe(401);
    expect(res.json.code).toBe("reauthentication_required");
    // A 401 carries its challenge (RFC 9110); RFC 9470 says why: the sign-in, not the token, falls short.
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="mandate", error="insufficient_user_authentication", max_age=600');
    expect((await stepUpRow(id)).votes).toHaveLength(0);
  });
});

describe("concurrent decisions", () => {
  it("50 security leads approving a quorum-1 request at once: exactly one APPROVED transition", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const results = await Promise.all(leads.map((lead) => approve(t.ctx(), lead, id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(results.find((r) => r.status !== 200 && r.status !== 409)?.json)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const row = await stepUpRow(id);
    expect(row).toMatchObject({ status: "APPROVED" });
    expect(row.votes).toHaveLength(1);
    expect(await eventsOfType(t.db, "step_up.approved", { targetId: id })).toHaveLength(1);
    expect(await eventsOfType(t.db, "step_up.approval_given", { targetId: id })).toHaveLength(1);
    // And the credential is still handed out exactly once.
    expect((await agent.poll(id)).status).toBe(200);
    expect((await agent.poll(id)).json.error).toBe("invalid_grant");
  });

  it("two polls racing to redeem one approval: exactly one credential", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    expect((await approve(t.ctx(), owner, id)).status).toBe(200);
    const [a, b] = await Promise.all([agent.poll(id), agent.poll(id)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect([a, b].find((r) => r.status === 400)!.json.error).toBe("invalid_grant");
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(1);
    expect(await eventsOfType(t.db, "step_up.redeemed", { targetId: id })).toHaveLength(1);
  });

  it("two approvers racing on CRITICAL requests end APPROVED exactly once each", async () => {
    for (let round = 0; round < 5; round++) {
      const { agent, owner } = await criticalAgentWithBackup();
      const id = await requestStepUp(agent);
      const [a, b] = await Promise.all([approveInBrowser(owner, id), approveInBrowser(leads[10 + round], id)]);
      expect([a.status, b.status], JSON.stringify([a.json, b.json])).toEqual([200, 200]);
      const row = await stepUpRow(id);
      expect(row).toMatchObject({ status: "APPROVED" });
      expect(row.votes).toHaveLength(2);
      expect(await eventsOfType(t.db, "step_up.approved", { targetId: id })).toHaveLength(1);
    }
  });

  it("an approval racing a denial ends in exactly one decision", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const id = await requestStepUp(agent);
    const [a, d] = await Promise.all([approve(t.ctx(), owner, id), deny(t.ctx(), leads[20], id)]);
    expect([a.status, d.status].sort()).toEqual([200, 409]);
    const row = await stepUpRow(id);
    expect(["APPROVED", "DENIED"]).toContain(row.status);
    expect(row.votes).toHaveLength(1);
    const decided = [...(await eventsOfType(t.db, "step_up.approved", { targetId: id })), ...(await eventsOfType(t.db, "step_up.denied", { targetId: id }))];
    expect(decided).toHaveLength(1);
  });
});

itLeavesAnIntactAuditChain(t);
