// Policy at request time, through the token endpoint, with the shipped
// default set (version 1). Each outcome leaves a Decision row with the full
// policy input, the outcome, the reasons and the policy version.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, type AgentOptions } from "@/tests/support/broker-fixtures";
import { detail, type Detail } from "@/tests/support/agent-client";
import { updateUser } from "@/lib/services/update-user";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();

async function decisionRow(id: string) {
  const d = await t.db.decision.findUniqueOrThrow({ where: { id } });
  return { ...d, input: JSON.parse(d.input), reasons: JSON.parse(d.reasons) as { policyId: string; reason: string; verb: string; stepUp: boolean }[] };
}

/** The Decision row carries everything policy looked at. */
function expectFullInput(input: any, agentId: string, entry: Detail, o: { environment?: string; riskTier?: string; owned?: boolean; dpopBound?: boolean; requestedTtlSeconds?: number } = {}) {
  expect(input.request).toMatchObject({
    agent: { id: agentId, status: "ACTIVE", riskTier: o.riskTier ?? "LOW", environment: o.environment ?? "staging", owned: o.owned ?? true, ceiling: { audiences: expect.any(Array), actions: expect.any(Array), maxTtlSeconds: expect.any(Number) }, requireDpop: expect.any(Boolean) },
    audience: entry.locations[0],
    identifier: entry.identifier,
    actions: entry.actions,
    context: {
      intent: entry.intent,
      taskId: expect.any(String),
      delegationDepth: 0,
      requestedTtlSeconds: o.requestedTtlSeconds ?? expect.any(Number),
      hourUtc: expect.any(Number),
      dayOfWeek: expect.any(Number),
      recentRequestsPerMinute: expect.any(Number),
      dpopBound: o.dpopBound ?? false,
      grantType: "client_credentials",
    },
  });
}

async function deniedFor(opts: AgentOptions, entry: Detail, policyId: string, tokenOpts: { expiresIn?: number; dpop?: boolean } = {}) {
  const { agent } = await ownedAgent(t.ctx(), opts);
  const res = await agent.token([entry], tokenOpts);
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
  expect(res.json.error_description).toContain(policyId);
  const d = await decisionRow(res.json.decision_id);
  expect(d).toMatchObject({ agentId: agent.id, outcome: "DENY", policyVersion: 1, grantType: "client_credentials" });
  expect(d.reasons.map((r) => r.policyId)).toContain(policyId);
  // The policy's @reason sentence reaches the agent.
  expect(res.json.error_description).toContain(d.reasons.find((r) => r.policyId === policyId)!.reason);
  expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
  expect(await t.db.stepUpRequest.count({ where: { agentId: agent.id } })).toBe(0);
  return { agent, d };
}

describe("denied by the default policy set", () => {
  it("an agent whose owner has not acknowledged it (pending ownership)", async () => {
    const entry = detail();
    const { agent, d } = await deniedFor({ acknowledge: false }, entry, "agent-not-owned");
    expectFullInput(d.input, agent.id, entry, { owned: false });
  });

  it("an agent whose owner was deactivated", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const owner = await seedUser(t.ctx(), "OWNER");
    const { agent } = await ownedAgent(t.ctx(), { owner });
    expect((await agent.token([detail()])).status).toBe(200);
    await updateUser(t.ctx(), admin, owner.id, { active: false });
    const res = await agent.token([detail()]);
    expect(res.json).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
    expect(res.json.error_description).toContain("agent-not-owned");
    const d = await decisionRow(res.json.decision_id);
    expect(d).toMatchObject({ outcome: "DENY", policyVersion: 1 });
    expectFullInput(d.input, agent.id, detail(), { owned: false });
  });

  it("an audience outside the ceiling", async () => {
    const entry = detail({ locations: ["https://payroll.internal"] });
    const { agent, d } = await deniedFor({}, entry, "ceiling-audience");
    expectFullInput(d.input, agent.id, entry);
  });

  it("a verb outside the ceiling", async () => {
    const entry = detail({ actions: ["read", "export"] });
    const { agent, d } = await deniedFor({}, entry, "ceiling-action");
    expectFullInput(d.input, agent.id, entry);
    expect(d.reasons).toEqual([expect.objectContaining({ policyId: "ceiling-action", verb: "export" })]);
  });

  it("a requested lifetime over the ceiling", async () => {
    const entry = detail();
    const { agent, d } = await deniedFor({ maxTtlSeconds: 900 }, entry, "ceiling-ttl", { expiresIn: 1200 });
    expectFullInput(d.input, agent.id, entry, { requestedTtlSeconds: 1200 });
  });

  it("a HIGH-risk agent without a DPoP proof", async () => {
    const entry = detail();
    const { agent, d } = await deniedFor({ riskTier: "HIGH", dpop: false }, entry, "dpop-required");
    expectFullInput(d.input, agent.id, entry, { riskTier: "HIGH", dpopBound: false });
  });

  it("records the denial in the audit trail as a FAILURE decision", async () => {
    const { agent } = await deniedFor({}, detail({ locations: ["https://hr.internal"] }), "ceiling-audience");
    const events = await eventsOfType(t.db, "decision.recorded");
    const mine = events.filter((e) => e.actorId === agent.id);
    expect(mine).toEqual([expect.objectContaining({ outcome: "FAILURE", data: expect.objectContaining({ outcome: "DENY", policyVersion: 1, reasons: ["ceiling-audience:read"] }) })]);
  });
});

describe("escalated to a person by the default policy set", () => {
  it("a destructive verb", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const entry = detail({ actions: ["read", "delete"] });
    const res = await agent.token([entry]);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String), decision_id: expect.any(String), expires_in: 900, interval: 5 });
    expect(res.json.error_description).toContain("step-up-destructive-verb");
    const d = await decisionRow(res.json.decision_id);
    expect(d).toMatchObject({ outcome: "STEP_UP", policyVersion: 1 });
    expect(d.reasons).toEqual([expect.objectContaining({ policyId: "step-up-destructive-verb", verb: "delete", stepUp: true })]);
    expectFullInput(d.input, agent.id, entry);
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(0);
    expect(await t.db.stepUpRequest.findUnique({ where: { id: res.json.auth_req_id } })).toMatchObject({ decisionId: d.id, status: "PENDING", quorum: 1 });
  });

  it("a write to production", async () => {
    const { agent } = await ownedAgent(t.ctx(), { environment: "production" });
    const entry = detail({ actions: ["write"] });
    const res = await agent.token([entry]);
    expect(res.json).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String) });
    expect(res.json.error_description).toContain("step-up-production-write");
    const d = await decisionRow(res.json.decision_id);
    expect(d).toMatchObject({ outcome: "STEP_UP", policyVersion: 1 });
    expectFullInput(d.input, agent.id, entry, { environment: "production" });
  });

  it("a hard deny wins over a step-up rule (delete outside the ceiling is not escalated)", async () => {
    const { agent } = await deniedFor({ actions: ["read"] }, detail({ actions: ["delete"] }), "ceiling-action");
    expect(await t.db.stepUpRequest.count({ where: { agentId: agent.id } })).toBe(0);
  });
});

describe("allowed by the default policy set", () => {
  it("a read in production within the ceiling, with its decision recorded", async () => {
    const { agent } = await ownedAgent(t.ctx(), { environment: "production" });
    const entry = detail();
    const res = await agent.token([entry], { expiresIn: 120 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const d = await decisionRow(res.json.decision_id);
    expect(d).toMatchObject({ outcome: "ALLOW", policyVersion: 1, taskId: res.json.task_id });
    expect(d.reasons.map((r) => r.policyId)).toEqual(["allow-within-ceiling"]);
    expectFullInput(d.input, agent.id, entry, { environment: "production", requestedTtlSeconds: 120 });
    expect(await t.db.credential.findFirst({ where: { decisionId: d.id } })).toMatchObject({ agentId: agent.id });
  });
});

itLeavesAnIntactAuditChain(t);
