// Bulk actions from the posture page take effect on live credentials and are
// audited per agent (by the reused use cases) and as one bulk event.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { evaluatePosture } from "@/lib/services/posture/evaluate-posture";
import { actOnFindings } from "@/lib/services/posture/act-on-findings";
import { listPostureFindings } from "@/lib/services/posture/list-posture-findings";
import { getPostureSummary } from "@/lib/services/posture/get-posture-summary";
import { ZPostureAction, ZPostureFindingsQuery, ZPostureSummaryQuery } from "@/lib/schemas/posture";
import { updateAgent } from "@/lib/services/update-agent";
import type { Actor } from "@/lib/services/context";
import { expectActive, expectRevoked, issue } from "@/tests/broker/revocation-support";

const t = useTestDatabase();
let lead: Actor;
let auditor: Actor;
let rs: TestResource;
let crm: TestResource;
const DAY = 24 * 3600_000;

beforeAll(async () => {
  const admin = await seedUser(t.ctx(), "ADMIN");
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  auditor = await seedUser(t.ctx(), "AUDITOR");
  rs = await testResource(t.ctx(), admin);
  crm = await testResource(t.ctx(), admin, "https://crm.internal");
});

const backdate = (agentId: string, days: number) => t.db.agentIdentity.update({ where: { id: agentId }, data: { createdAt: new Date(Date.now() - days * DAY) } });
const act = (actor: Actor, body: unknown) => actOnFindings(t.ctx(), actor, ZPostureAction.parse(body));

describe("narrow the ceiling to what was used", () => {
  it("narrows to used vs granted and revokes the live credentials outside it", async () => {
    const { agent } = await ownedAgent(t.ctx(), { actions: ["read", "write", "refund"], audiences: ["https://billing.internal", "https://crm.internal"] });
    await backdate(agent.id, 40);
    const used = await issue(t.db, agent, rs, detail({ actions: ["read"] }));
    await evaluatePosture(t.db, () => new Date(), { trigger: "SCHEDULED" });
    // Issued after the evaluation, with a verb and an audience the evaluation saw unused.
    const outside = await issue(t.db, agent, crm, detail({ locations: ["https://crm.internal"], actions: ["read"] }));

    const result = await act(lead, { action: "narrow_ceiling", agentIds: [agent.id], reason: "unused for 30 days" });
    expect(result).toMatchObject({ succeeded: 1, failed: 0 });
    const after = await t.db.agentIdentity.findUniqueOrThrow({ where: { id: agent.id } });
    expect(JSON.parse(after.ceilingActions)).toEqual(["read"]);
    expect(JSON.parse(after.ceilingAudiences)).toEqual(["https://billing.internal"]);
    await expectRevoked(t.db, crm, outside, "ceiling_changed");
    await expectActive(t.db, rs, used);
    // The finding resolved at once, and both the change and the bulk action are evidence.
    expect(await t.db.postureFinding.count({ where: { agentId: agent.id, rule: "UNUSED_CEILING", resolvedAt: null } })).toBe(0);
    const types = (await t.db.auditEvent.findMany({ where: { agentId: agent.id }, select: { type: true } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["agent.updated", "credential.revoked"]));
    const bulk = await t.db.auditEvent.findFirstOrThrow({ where: { type: "posture.action_taken" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(bulk.data)).toMatchObject({ action: "narrow_ceiling", reason: "unused for 30 days", results: [{ agentId: agent.id, ok: true }] });
  });

  it("refuses an agent without an over-privileged finding, and carries on with the others", async () => {
    const { agent: plain } = await ownedAgent(t.ctx());
    const result = await act(lead, { action: "narrow_ceiling", agentIds: [plain.id, "nope"] });
    expect(result).toMatchObject({ succeeded: 0, failed: 2, results: [{ agentId: plain.id, ok: false, code: "conflict" }, { agentId: "nope", ok: false, code: "conflict" }] });
  });
});

describe("a ceiling changed on the agent's page", () => {
  it("revokes live credentials it no longer allows, including those beyond a shorter lifetime", async () => {
    const { agent, owner } = await ownedAgent(t.ctx(), { actions: ["read", "write"], maxTtlSeconds: 900 });
    const long = await issue(t.db, agent, rs, detail({ actions: ["read"] }));
    await updateAgent(t.ctx(), owner, agent.id, { ceiling: { audiences: ["https://billing.internal"], actions: ["read", "write"], maxTtlSeconds: 60 } });
    await expectRevoked(t.db, rs, long, "ceiling_changed");
  });
});

describe("suspend and assign in bulk", () => {
  it("suspension revokes live credentials; assigning names a new owner who must acknowledge", async () => {
    const { agent: a } = await ownedAgent(t.ctx());
    const { agent: b } = await ownedAgent(t.ctx());
    const live = await issue(t.db, a, rs);
    const suspended = await act(lead, { action: "suspend", agentIds: [a.id, b.id], reason: "dormant, suspending pending review" });
    expect(suspended).toMatchObject({ succeeded: 2 });
    await expectRevoked(t.db, rs, live, "agent_suspended");

    const successor = await seedUser(t.ctx(), "OWNER");
    expect(await act(lead, { action: "assign_owner", agentIds: [a.id], ownerId: successor.id })).toMatchObject({ succeeded: 1 });
    const after = await t.db.agentIdentity.findUniqueOrThrow({ where: { id: a.id }, select: { currentOwnership: { select: { ownerId: true, acknowledgedAt: true } } } });
    expect(after.currentOwnership).toEqual({ ownerId: successor.id, acknowledgedAt: null });
  });

  it("auditors read but cannot act", async () => {
    await expect(act(auditor, { action: "suspend", agentIds: ["x"], reason: "not allowed" })).rejects.toMatchObject({ code: "forbidden" });
    const page = await listPostureFindings(t.ctx(), auditor, ZPostureFindingsQuery.parse({}));
    expect(Array.isArray(page.items)).toBe(true);
  });
});

describe("reading the posture", () => {
  it("lists with filters and keyset pages, and summarises with a trend from recorded runs", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    for (let i = 0; i < 3; i++) {
      const { agent } = await ownedAgent(t.ctx(), { owner, environment: "posture-lab" });
      await backdate(agent.id, 40);
    }
    await evaluatePosture(t.db, () => new Date(), { trigger: "SCHEDULED" });
    const q = (o: Record<string, string>) => listPostureFindings(t.ctx(), lead, ZPostureFindingsQuery.parse(o));
    const first = await q({ kind: "DORMANT", environment: "posture-lab", limit: "2" });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ kind: "DORMANT", rule: "NO_RECENT_REQUESTS", agent: { environment: "posture-lab" }, owner: { id: owner.id } });
    const second = await q({ kind: "DORMANT", environment: "posture-lab", limit: "2", cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect((await q({ ownerId: owner.id })).items).toHaveLength(3);
    expect((await q({ ownerId: owner.id, severity: "CRITICAL" })).items).toHaveLength(0);

    const summary = await getPostureSummary(t.ctx(), auditor, ZPostureSummaryQuery.parse({ days: "2" }));
    expect(summary.open.byKind.DORMANT).toBeGreaterThanOrEqual(3);
    expect(summary.trend.bucket).toBe("hour");
    expect(summary.trend.points.length).toBeGreaterThanOrEqual(1);
    expect(summary.filterOptions.environments).toContain("posture-lab");
    expect(summary.filterOptions.owners.map((o) => o.id)).toContain(owner.id);
  });
});
