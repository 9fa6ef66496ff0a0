// The access review job: reminders before the due date (once per lead time,
// however many instances run it), and at the due date every agent nobody
// reviewed is suspended — its live credential stops introspecting as active —
// or only flagged, with evidence; then the campaign closes. Decisions after
// the due date are refused.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import type { TestResource } from "@/tests/support/agent-client";
import { eventsOfType, itLeavesAnIntactAuditChain } from "@/tests/broker/evidence";
import { issue } from "@/tests/broker/revocation-support";
import { processAccessReviews } from "@/lib/jobs/process-access-reviews";
import { decideReviewTask } from "@/lib/services/access-reviews/decide-review-task";
import { getAccessReview } from "@/lib/services/access-reviews/read-access-reviews";
import type { Actor } from "@/lib/services/context";
import { HOUR, MINUTE, openReview, tasksOf } from "./support";

const t = useTestDatabase();
let lead: Actor;
let rs: TestResource;
const LEADS = [72, 24];

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  rs = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
});

const run = (at: Date) => processAccessReviews(t.db, () => at, LEADS);

describe("reminders", () => {
  it("go out once per lead time to reviewers with undecided tasks — never twice, never to those who are done", async () => {
    const opened = new Date();
    const { owner: busy, view: a } = await ownedAgent(t.ctx());
    const { view: b } = await ownedAgent(t.ctx(), { owner: busy });
    const { owner: done, view: c } = await ownedAgent(t.ctx());
    const campaign = await openReview(t.ctx(opened), lead, { kind: "AGENTS", agentIds: [a.id, b.id, c.id] }, { dueInMs: 100 * HOUR });
    const doneTask = (await tasksOf(t.ctx(), campaign.id)).find((x) => x.agentId === c.id)!;
    await decideReviewTask(t.ctx(opened), done, doneTask.id, { decision: "KEEP", justification: "Reviewed on the first day" });
    const reminders = () => t.db.notification.findMany({ where: { subject: `access_review:${campaign.id}`, kind: "access_review_reminder" }, select: { userId: true, title: true } });

    expect((await run(new Date(opened.getTime() + 20 * HOUR))).reminded).toBe(0); // 80 h before: no lead time reached since the assignment
    // 71 h before the due date, twice at once (two instances): one reminder.
    const at72 = new Date(opened.getTime() + 29 * HOUR);
    const both = await Promise.all([run(at72), run(at72)]);
    expect(both.map((r) => r.reminded).reduce((x, y) => x + y)).toBe(1);
    expect(await reminders()).toEqual([{ userId: busy.id, title: expect.stringMatching(/^Reminder: 2 agents still to review/) }]);
    expect((await run(new Date(opened.getTime() + 30 * HOUR))).reminded).toBe(0);
    // 23 h before: the second lead time.
    expect((await run(new Date(opened.getTime() + 77 * HOUR))).reminded).toBe(1);
    expect((await reminders()).length).toBe(2);
    expect((await run(new Date(opened.getTime() + 99 * HOUR))).reminded).toBe(0);
  });
});

describe("at the due date", () => {
  it("suspends every agent nobody reviewed — its live credential dies — keeps the reviewed ones, and closes the campaign", async () => {
    const { agent, owner, view: unreviewed } = await ownedAgent(t.ctx());
    const { owner: diligent, view: reviewed } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const campaign = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [unreviewed.id, reviewed.id] }, { dueInMs: 2 * MINUTE, name: "Q1 billing review" });
    const tasks = await tasksOf(t.ctx(), campaign.id);
    await decideReviewTask(t.ctx(), diligent, tasks.find((x) => x.agentId === reviewed.id)!.id, { decision: "KEEP", justification: "Needed for month-end close" });

    expect((await run(new Date(Date.now() + MINUTE))).overdue).toBe(0); // not yet due
    const after = new Date(campaign.dueAt.getTime() + 1000);
    const result = await run(after);
    expect(result).toMatchObject({ overdue: 1, closed: 1 });

    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: unreviewed.id } })).toMatchObject({ status: "SUSPENDED", statusReason: expect.stringContaining("Q1 billing review") });
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: reviewed.id } })).toMatchObject({ status: "ACTIVE" });
    // Revoked because the agent was suspended — the token itself has not expired.
    expect((await rs.introspect(live.token)).json).toEqual({ active: false });
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: live.credentialId } })).toMatchObject({ revokeReason: expect.stringMatching(/^agent_suspended: /) });

    const overdueTask = tasks.find((x) => x.agentId === unreviewed.id)!;
    expect(await t.db.accessReviewTask.findUniqueOrThrow({ where: { id: overdueTask.id } })).toMatchObject({ overdueOutcome: "SUSPENDED", decision: null });
    const [overdue] = await eventsOfType(t.db, "access_review.overdue", { targetId: overdueTask.id });
    expect(overdue).toMatchObject({ actorType: "SYSTEM", data: { agentId: unreviewed.id, outcome: "SUSPENDED" } });
    const [suspended] = await eventsOfType(t.db, "agent.suspended", { targetId: unreviewed.id });
    expect(suspended).toMatchObject({ actorType: "SYSTEM", data: { accessReviewId: campaign.id } });
    const [closed] = await eventsOfType(t.db, "access_review.closed", { targetId: campaign.id });
    expect(closed.data).toMatchObject({ total: 2, kept: 1, suspended: 1, pending: 0 });
    expect(await getAccessReview(t.ctx(), lead, campaign.id)).toMatchObject({ status: "CLOSED", closedAt: after, progress: { kept: 1, suspended: 1, pending: 0 } });
    expect(await t.db.notification.count({ where: { userId: owner.id, kind: "agent_suspended" } })).toBe(1);

    // Running again — or on another instance — changes nothing.
    const eventsBefore = await t.db.auditEvent.count();
    expect(await run(new Date(after.getTime() + MINUTE))).toEqual({ reminded: 0, overdue: 0, closed: 0 });
    expect(await t.db.auditEvent.count()).toBe(eventsBefore);
    // And the late reviewer is told it is too late.
    await expect(decideReviewTask(t.ctx(after), owner, overdueTask.id, { decision: "KEEP", justification: "Sorry, I was on holiday" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("with FLAG, only flags: the agent stays active and its credential alive", async () => {
    const { agent, view } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const campaign = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] }, { dueInMs: 2 * MINUTE, onOverdue: "FLAG" });
    const at = new Date(campaign.dueAt.getTime() + 1000);
    expect(await Promise.all([run(at), run(at)]).then((r) => r.map((x) => x.overdue).reduce((a, b) => a + b))).toBe(1);
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ status: "ACTIVE" });
    expect((await rs.introspect(live.token)).json).toMatchObject({ active: true });
    expect((await tasksOf(t.ctx(), campaign.id))[0]).toMatchObject({ overdueOutcome: "FLAGGED" });
    expect(await getAccessReview(t.ctx(), lead, campaign.id)).toMatchObject({ status: "CLOSED", progress: { flagged: 1 } });
  });

  it("an agent suspended meanwhile is recorded as already inactive, not suspended twice", async () => {
    const { owner, view } = await ownedAgent(t.ctx());
    const campaign = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [view.id] }, { dueInMs: 2 * MINUTE });
    const { changeAgentStatus } = await import("@/lib/services/change-agent-status");
    await changeAgentStatus(t.ctx(), owner, view.id, "suspend", "paused by its owner");
    await run(new Date(campaign.dueAt.getTime() + 1000));
    expect((await tasksOf(t.ctx(), campaign.id))[0]).toMatchObject({ overdueOutcome: "ALREADY_INACTIVE" });
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ status: "SUSPENDED", statusReason: "paused by its owner" });
  });
});

itLeavesAnIntactAuditChain(t);
