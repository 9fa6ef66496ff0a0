// The broker's own authority: an agent that re-mints in a tight loop is
// denied above the per-minute limit, and a burst past the suspend threshold
// suspends it, kills its live credentials, raises a security alert and tells
// its owner. Limits are made small for this file through the environment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { resetEnvForTests } from "@/lib/env";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { expectActive, expectRevoked, issue, type Live } from "./revocation-support";

const t = useTestDatabase();
const LIMIT = 3;
const SUSPEND_AT = 6;
const saved = { limit: process.env.MANDATE_RATE_LIMIT_PER_MINUTE, suspend: process.env.MANDATE_RATE_SUSPEND_PER_MINUTE };
let rs: TestResource;

beforeAll(async () => {
  process.env.MANDATE_RATE_LIMIT_PER_MINUTE = String(LIMIT);
  process.env.MANDATE_RATE_SUSPEND_PER_MINUTE = String(SUSPEND_AT);
  resetEnvForTests();
  rs = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
});

afterAll(() => {
  for (const [name, value] of [["MANDATE_RATE_LIMIT_PER_MINUTE", saved.limit], ["MANDATE_RATE_SUSPEND_PER_MINUTE", saved.suspend]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
});

/**
 * The guard counts in fixed one-minute windows. A burst that straddles a
 * window boundary is split in two, so each burst starts well inside a window.
 */
async function startOfAFreshEnoughWindow() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
}

describe("the rate guard", () => {
  it("denies requests above the per-minute limit, naming the rate guard", async () => {
    const { agent } = await ownedAgent(t.ctx());
    await startOfAFreshEnoughWindow();
    for (let i = 0; i < LIMIT; i++) expect((await agent.token([detail()])).status).toBe(200);
    const res = await agent.token([detail()]);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
    expect(res.json.error_description).toContain("rate-guard");
    const d = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id } });
    expect(d.outcome).toBe("DENY");
    expect(JSON.parse(d.reasons)).toEqual([expect.objectContaining({ policyId: "rate-guard" })]);
    expect(await t.db.credential.count({ where: { agentId: agent.id } })).toBe(LIMIT);
    // Below the suspend threshold the agent stays active.
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ status: "ACTIVE" });
  }, 90_000);

  it("a burst suspends the agent, revokes its credentials, raises an alert and notifies the owner", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const { agent: bystander } = await ownedAgent(t.ctx());
    await startOfAFreshEnoughWindow();
    const live: Live[] = [];
    for (let i = 0; i < LIMIT; i++) live.push(await issue(t.db, agent, rs));
    const other = await issue(t.db, bystander, rs);
    const answers = [];
    for (let i = LIMIT; i < SUSPEND_AT; i++) answers.push(await agent.token([detail()]));
    for (const a of answers) expect(a.json).toMatchObject({ error: "access_denied" });

    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ status: "SUSPENDED", statusReason: expect.stringContaining("rate guard") });
    for (const l of live) await expectRevoked(t.db, rs, l, "rate_guard");
    await expectActive(t.db, rs, other);
    const alerts = await eventsOfType(t.db, "security.alert", { targetId: agent.id });
    expect(alerts).toEqual([expect.objectContaining({ outcome: "FAILURE", actorType: "SYSTEM", data: expect.objectContaining({ alert: "credential_burst", count: SUSPEND_AT }) })]);
    expect(await eventsOfType(t.db, "agent.suspended", { targetId: agent.id })).toHaveLength(1);
    const notes = await t.db.notification.findMany({ where: { userId: owner.id, kind: "agent_suspended" } });
    expect(notes).toHaveLength(1);
    expect(notes[0].title).toContain("rate guard");
    // Suspended: the next request cannot even authenticate.
    expect((await agent.token([detail()])).json).toMatchObject({ error: "invalid_client" });
  }, 90_000);
});

itLeavesAnIntactAuditChain(t);
