// The posture evaluation against a real database (SQLite, and PostgreSQL when
// TEST_POSTGRES_URL is set): findings open, refresh and resolve; a change
// (deactivation, new owner, acknowledgement) shows at once; the run is
// recorded for the trend and evidenced in the audit chain.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { updateUser } from "@/lib/services/update-user";
import { assignOwner } from "@/lib/services/assign-owner";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";
import { evaluatePosture } from "@/lib/services/posture/evaluate-posture";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import type { Actor } from "@/lib/services/context";
import type { Db } from "@/lib/db/client";

const t = useTestDatabase();
let admin: Actor;
let rs: TestResource;
const DAY = 24 * 3600_000;

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
});

const openOf = (db: Db, agentId: string) => db.postureFinding.findMany({ where: { agentId, resolvedAt: null }, orderBy: { rule: "asc" } });
const rulesOf = async (agentId: string) => (await openOf(t.db, agentId)).map((f) => f.rule);
const runNow = (now = new Date()) => evaluatePosture(t.db, () => now, { trigger: "SCHEDULED" });
/** Registration happened long ago (the usage window must be covered by the agent's life). */
const backdate = (agentId: string, days: number) => t.db.agentIdentity.update({ where: { id: agentId }, data: { createdAt: new Date(Date.now() - days * DAY) } });

describe("an owner leaving flows through", () => {
  it("deactivation opens an unowned finding at once; policy denies; a new owner's acknowledgement resolves it", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const { agent } = await ownedAgent(t.ctx(), { owner });
    expect(await rulesOf(agent.id)).toEqual([]);

    await updateUser(t.ctx(), admin, owner.id, { active: false });
    const [f] = await openOf(t.db, agent.id);
    expect(f).toMatchObject({ kind: "UNOWNED", rule: "OWNER_DEACTIVATED", severity: "MEDIUM", resolvedAt: null, openKey: `${agent.id}:OWNER_DEACTIVATED` });
    expect(JSON.parse(f.details)).toMatchObject({ ownerId: owner.id });
    const evidence = await t.db.auditEvent.findFirstOrThrow({ where: { type: "posture.evaluated" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(evidence.data)).toMatchObject({ trigger: "EVENT", opened: 1, openedFindings: [{ agentId: agent.id, rule: "OWNER_DEACTIVATED" }] });
    expect((await agent.token([detail()])).json.error).toBe("access_denied");

    const successor = await seedUser(t.ctx(), "OWNER");
    await assignOwner(t.ctx(), admin, agent.id, { ownerId: successor.id });
    // Named but not yet acknowledged: no longer "deactivated", still unowned (a handover has no grace period).
    expect(await rulesOf(agent.id)).toEqual(["HANDOVER_UNACKNOWLEDGED"]);
    const resolved = await t.db.postureFinding.findUniqueOrThrow({ where: { id: f.id } });
    expect(resolved).toMatchObject({ resolution: "no longer found", openKey: null });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect((await agent.token([detail()])).json.error).toBe("access_denied");

    await acknowledgeOwnership(t.ctx(), successor, agent.id);
    expect(await rulesOf(agent.id)).toEqual([]);
    expect((await agent.token([detail()])).status).toBe(200);
  });

  it("an acknowledgement overdue past the grace period is a finding", async () => {
    const { agent } = await ownedAgent(t.ctx(), { acknowledge: false });
    await runNow();
    expect(await rulesOf(agent.id)).toEqual([]);
    await runNow(new Date(Date.now() + 73 * 3600_000));
    expect(await rulesOf(agent.id)).toContain("ACKNOWLEDGEMENT_OVERDUE");
  });
});

describe("scheduled evaluation over recorded activity", () => {
  it("finds dormant and over-privileged agents from decisions, and records the run", async () => {
    const { agent: busy } = await ownedAgent(t.ctx(), { actions: ["read", "write", "refund", "delete"], audiences: ["https://billing.internal", "https://crm.internal"] });
    const { agent: idle } = await ownedAgent(t.ctx());
    await backdate(busy.id, 40);
    await backdate(idle.id, 40);
    expect((await busy.token([detail({ actions: ["read"] })])).status).toBe(200);

    const run = await runNow();
    expect(run).toMatchObject({ ran: true });
    expect(await rulesOf(busy.id)).toEqual(["UNUSED_CEILING"]);
    const [over] = await openOf(t.db, busy.id);
    expect(JSON.parse(over.details)).toMatchObject({
      usedActions: ["read"],
      unusedActions: ["write", "refund", "delete"],
      usedAudiences: ["https://billing.internal"],
      unusedAudiences: ["https://crm.internal"],
    });
    expect(await rulesOf(idle.id)).toEqual(["NO_RECENT_REQUESTS"]);

    // A second run changes nothing but lastSeenAt, and records itself.
    const later = new Date(Date.now() + 60_000);
    const again = await evaluatePosture(t.db, () => later, { trigger: "SCHEDULED" });
    expect(again).toMatchObject({ ran: true, opened: 0 });
    const [still] = await openOf(t.db, busy.id);
    expect(still.id).toBe(over.id);
    expect(still.lastSeenAt).toEqual(later);
    expect(still.firstSeenAt).toEqual(over.firstSeenAt);
    if (!again.ran) throw new Error("expected a run");
    const lastRun = await t.db.postureRun.findUniqueOrThrow({ where: { id: again.runId } });
    expect(lastRun).toMatchObject({ trigger: "SCHEDULED", opened: 0 });
    expect(lastRun.openTotal).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lastRun.openByKind)).toMatchObject({ DORMANT: expect.any(Number), OVER_PRIVILEGED: expect.any(Number) });
  });

  it("finds repeated denials in the risk window", async () => {
    const { agent } = await ownedAgent(t.ctx(), { actions: ["read"] });
    for (let i = 0; i < 10; i++) expect((await agent.token([detail({ actions: ["drop"] })])).status).toBe(400);
    await runNow();
    const f = (await openOf(t.db, agent.id)).find((x) => x.rule === "REPEATED_DENIALS");
    expect(f).toBeDefined();
    expect(JSON.parse(f!.details)).toMatchObject({ count: 10, windowDays: 7 });
  });

  it("resolves the findings of a decommissioned agent", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    await backdate(agent.id, 40);
    await runNow();
    expect(await rulesOf(agent.id)).toEqual(["NO_RECENT_REQUESTS"]);
    const { changeAgentStatus } = await import("@/lib/services/change-agent-status");
    await changeAgentStatus(t.ctx(), owner, agent.id, "decommission", "retired for the test");
    expect(await rulesOf(agent.id)).toEqual([]);
    const last = await t.db.postureFinding.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(last.resolution).toBe("agent decommissioned");
  });

  it("keeps the audit chain intact", async () => {
    expect((await verifyStoredChain(t.db)).ok).toBe(true);
  });
});
