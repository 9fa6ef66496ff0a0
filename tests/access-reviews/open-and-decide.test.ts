// Opening an access review and deciding its tasks: who gets which task, what
// each decision does to the agent and its live credentials, and who may not
// decide. Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { eventsOfType, itLeavesAnIntactAuditChain } from "@/tests/broker/evidence";
import { issue } from "@/tests/broker/revocation-support";
import { decideReviewTask } from "@/lib/services/access-reviews/decide-review-task";
import { getAccessReview, listMyReviewTasks } from "@/lib/services/access-reviews/read-access-reviews";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import { assignOwner } from "@/lib/services/assign-owner";
import { updateUser } from "@/lib/services/update-user";
import { ZDecideReviewTask, ZReviewTaskListQuery } from "@/lib/schemas/access-review";
import type { Actor } from "@/lib/services/context";
import { openReview, tasksOf } from "./support";

const t = useTestDatabase();
let lead: Actor;
let admin: Actor;
let rs: TestResource;

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
});

const decide = (actor: Actor, taskId: string, body: Record<string, unknown>) => decideReviewTask(t.ctx(), actor, taskId, ZDecideReviewTask.parse(body));

describe("opening a campaign", () => {
  it("gives every agent in scope to its accountable owner, unowned ones to the opener, and leaves decommissioned ones out", async () => {
    const env = `env-${Math.random().toString(36).slice(2, 7)}`;
    const { owner, view: a1 } = await ownedAgent(t.ctx(), { environment: env });
    const { view: a2 } = await ownedAgent(t.ctx(), { owner, environment: env });
    const { owner: gone, view: orphan } = await ownedAgent(t.ctx(), { environment: env });
    await updateUser(t.ctx(), admin, gone.id, { active: false });
    const { owner: o3, view: retired } = await ownedAgent(t.ctx(), { environment: env });
    await changeAgentStatus(t.ctx(), o3, retired.id, "decommission", "retired before the review");
    await ownedAgent(t.ctx(), { environment: "elsewhere" });

    const c = await openReview(t.ctx(), lead, { kind: "ENVIRONMENT", environment: env });
    expect(c).toMatchObject({ status: "OPEN", scope: { kind: "ENVIRONMENT", environment: env }, progress: { total: 3, pending: 3, decided: 0, percent: 0 } });
    const tasks = await tasksOf(t.ctx(), c.id);
    const byAgent = Object.fromEntries(tasks.map((x) => [x.agentId, x]));
    expect(Object.keys(byAgent).sort()).toEqual([a1.id, a2.id, orphan.id].sort());
    expect(byAgent[a1.id]).toMatchObject({ reviewerId: owner.id, unowned: false, decision: null });
    expect(byAgent[orphan.id]).toMatchObject({ reviewerId: lead.id, unowned: true });
    expect(JSON.parse(byAgent[a1.id].ceilingAtOpen)).toEqual(a1.ceiling);

    const notes = await t.db.notification.findMany({ where: { subject: `access_review:${c.id}` }, select: { userId: true, title: true } });
    expect(notes.map((n) => n.userId).sort()).toEqual([owner.id, lead.id].sort());
    expect(notes.find((n) => n.userId === owner.id)!.title).toMatch(/^2 agents to review/);
    const [opened] = await eventsOfType(t.db, "access_review.opened", { targetId: c.id });
    expect(opened).toMatchObject({ actorId: lead.id, data: { agents: 3, reviewers: 2, unowned: 1, onOverdue: "SUSPEND" } });
  });

  it("opens a review of agents picked one by one (the posture page's bulk action)", async () => {
    const { view: a } = await ownedAgent(t.ctx());
    const { view: b } = await ownedAgent(t.ctx());
    await ownedAgent(t.ctx());
    const c = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [a.id, b.id, a.id] });
    expect((await tasksOf(t.ctx(), c.id)).map((x) => x.agentId).sort()).toEqual([a.id, b.id].sort());
    expect(c.scope).toEqual({ kind: "AGENTS", agentIds: [a.id, b.id].sort() });
  });

  it("refuses a due date in the past, an empty scope, unknown agents and people who may not open one — writing nothing", async () => {
    const before = await t.db.accessReviewCampaign.count();
    await expect(openReview(t.ctx(), lead, { kind: "ALL" }, { dueInMs: -1000 })).rejects.toMatchObject({ code: "validation_failed", invalidParams: [{ name: "dueAt" }] });
    await expect(openReview(t.ctx(), lead, { kind: "ENVIRONMENT", environment: "nowhere" })).rejects.toMatchObject({ code: "validation_failed", invalidParams: [{ name: "scope" }] });
    await expect(openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: ["nope"] })).rejects.toMatchObject({ invalidParams: [{ name: "scope.agentIds" }] });
    await expect(openReview(t.ctx(), lead, { kind: "OWNER", ownerId: "nope" })).rejects.toMatchObject({ invalidParams: [{ name: "scope.ownerId" }] });
    for (const role of ["OWNER", "AUDITOR"] as const) {
      await expect(openReview(t.ctx(), await seedUser(t.ctx(), role), { kind: "ALL" })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await t.db.accessReviewCampaign.count()).toBe(before);
  });
});

describe("deciding a task", () => {
  it("KEEP records the decision and its justification; the owner's inbox no longer lists it", async () => {
    const { owner, view } = await ownedAgent(t.ctx());
    const c = await openReview(t.ctx(), lead, { kind: "OWNER", ownerId: owner.id });
    const mine = await listMyReviewTasks(t.ctx(), owner, ZReviewTaskListQuery.parse({}));
    expect(mine.items.map((i) => i.agent.id)).toEqual([view.id]);
    const done = await decide(owner, mine.items[0].id, { decision: "KEEP", justification: "Still reconciles invoices nightly" });
    expect(done).toMatchObject({ decision: "KEEP", decidedBy: { id: owner.id }, justification: "Still reconciles invoices nightly" });
    expect((await listMyReviewTasks(t.ctx(), owner, ZReviewTaskListQuery.parse({}))).items).toEqual([]);
    expect((await getAccessReview(t.ctx(), lead, c.id)).progress).toMatchObject({ total: 1, decided: 1, kept: 1, percent: 100 });
    const [ev] = await eventsOfType(t.db, "access_review.decided", { targetId: done.id });
    expect(ev).toMatchObject({ actorId: owner.id, data: { agentId: view.id, decision: "KEEP", justification: "Still reconciles invoices nightly" } });
    await expect(decide(owner, done.id, { decision: "KEEP", justification: "Deciding a second time" })).rejects.toMatchObject({ code: "conflict" });
  });

  // Regression guard: reviews:decide-own lets an owner decide THEIR tasks only — not another owner's, whatever the id.
  it("refuses another owner's task, a security lead's task and a short justification, changing nothing", async () => {
    const { owner, view } = await ownedAgent(t.ctx());
    const c = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] });
    const [task] = await tasksOf(t.ctx(), c.id);
    const intruder = await seedUser(t.ctx(), "OWNER");
    await expect(decide(intruder, task.id, { decision: "DECOMMISSION", justification: "Not mine but let me try" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(decide(lead, task.id, { decision: "KEEP", justification: "A lead is not the reviewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(decide(await seedUser(t.ctx(), "AUDITOR"), task.id, { decision: "KEEP", justification: "Auditors never decide" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideReviewTask(t.ctx(), owner, task.id, { decision: "KEEP", justification: "short" })).rejects.toMatchObject({ invalidParams: [{ name: "justification" }] });
    expect(await t.db.accessReviewTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ decision: null, decidedAt: null });
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ status: "ACTIVE" });
  });

  it("NARROW must be a strict subset; it updates the ceiling and revokes the live credentials outside it, keeping the others", async () => {
    const { agent, owner, view } = await ownedAgent(t.ctx(), { actions: ["read", "write"] });
    const reading = await issue(t.db, agent, rs, detail({ actions: ["read"] }));
    const writing = await issue(t.db, agent, rs, detail({ actions: ["write"] }));
    const c = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] });
    const [task] = await tasksOf(t.ctx(), c.id);
    const ceiling = (actions: string[], maxTtlSeconds = 900) => ({ audiences: ["https://billing.internal"], actions, maxTtlSeconds });
    await expect(decide(owner, task.id, { decision: "NARROW", justification: "Adds a verb, not allowed", ceiling: ceiling(["read", "write", "delete"]) })).rejects.toMatchObject({ invalidParams: [{ name: "ceiling.actions" }] });
    await expect(decide(owner, task.id, { decision: "NARROW", justification: "Same ceiling is not narrower", ceiling: ceiling(["read", "write"]) })).rejects.toMatchObject({ invalidParams: [{ name: "ceiling" }] });
    await expect(decide(owner, task.id, { decision: "NARROW", justification: "Longer lifetime is not narrower", ceiling: ceiling(["read"], 1800) })).rejects.toMatchObject({ invalidParams: [{ name: "ceiling.maxTtlSeconds" }] });
    await expect(decide(owner, task.id, { decision: "NARROW", justification: "Forgot to say how narrow" })).rejects.toMatchObject({ invalidParams: [{ name: "ceiling" }] });

    const done = await decide(owner, task.id, { decision: "NARROW", justification: "It only reads invoices now", ceiling: ceiling(["read"]) });
    expect(done).toMatchObject({ decision: "NARROW", narrowedCeiling: ceiling(["read"]) });
    expect((await t.db.agentIdentity.findUniqueOrThrow({ where: { id: view.id } })).ceilingActions).toBe('["read"]');
    expect((await rs.introspect(writing.token)).json).toEqual({ active: false });
    expect((await rs.introspect(reading.token)).json).toMatchObject({ active: true });
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: writing.credentialId } })).toMatchObject({ revokeReason: expect.stringMatching(/^ceiling_changed: /) });
    const [updated] = await eventsOfType(t.db, "agent.updated", { targetId: view.id });
    expect(updated.data).toMatchObject({ accessReviewId: c.id, accessReviewTaskId: task.id, changes: { ceiling: { to: ceiling(["read"]) } } });
  });

  it("DECOMMISSION retires the agent through the lifecycle path and kills its live credentials", async () => {
    const { agent, owner, view } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const c = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] });
    const [task] = await tasksOf(t.ctx(), c.id);
    await decide(owner, task.id, { decision: "DECOMMISSION", justification: "Replaced by billing-v2 last month" });
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ status: "DECOMMISSIONED", statusReason: expect.stringContaining("Replaced by billing-v2") });
    expect((await rs.introspect(live.token)).json).toEqual({ active: false });
    const [ev] = await eventsOfType(t.db, "agent.decommissioned", { targetId: view.id });
    expect(ev.data).toMatchObject({ accessReviewId: c.id });
  });

  it("an owner who lost the agent since the campaign opened can no longer decide its task", async () => {
    const { owner, view } = await ownedAgent(t.ctx());
    const c = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] });
    const [task] = await tasksOf(t.ctx(), c.id);
    await assignOwner(t.ctx(), admin, view.id, { ownerId: (await seedUser(t.ctx(), "OWNER")).id });
    await expect(decide(owner, task.id, { decision: "NARROW", justification: "No longer my agent to narrow", ceiling: { audiences: ["https://billing.internal"], actions: ["read"], maxTtlSeconds: 900 } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.db.accessReviewTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ decision: null });
  });
});

itLeavesAnIntactAuditChain(t);
