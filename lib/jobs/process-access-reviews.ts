// Access reviews move on without anyone looking: before the due date,
// reviewers with undecided tasks are reminded at each configured lead time
// (MANDATE_ACCESS_REVIEW_REMINDER_HOURS); at the due date every task nobody
// decided is handled once — its agent suspended (through the lifecycle path,
// which revokes its live credentials) or only flagged — with evidence, and
// the campaign is closed. Every step is a conditional update, so several
// instances running this job at once remind once and suspend once.
import { withTransaction, type Db } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { env } from "@/lib/env";
import { overdueOutcome, progressOf, reminderDue, type OverdueAction } from "@/lib/domain/access-review";
import { applyStatusChange } from "@/lib/services/change-agent-status";
import { notifyOwners } from "@/lib/services/broker/notify";
import { progressGroups } from "@/lib/services/access-reviews/review-records";

const ACTOR = { type: "SYSTEM", id: null, label: "access review job" } as const;
const CAMPAIGNS_PER_RUN = 20;
const TASKS_PER_BATCH = 200;
const UNDECIDED = { decision: null, overdueOutcome: null } as const;

export type AccessReviewRun = { reminded: number; overdue: number; closed: number };

export async function processAccessReviews(db: Db, now: () => Date, leadHours: readonly number[] = env().accessReviews.reminderHours): Promise<AccessReviewRun> {
  const at = now();
  const reminded = await sendReminders(db, at, leadHours);
  let overdue = 0;
  let closed = 0;
  const due = await db.accessReviewCampaign.findMany({ where: { status: "OPEN", dueAt: { lte: at } }, select: { id: true, name: true, onOverdue: true }, orderBy: { dueAt: "asc" }, take: CAMPAIGNS_PER_RUN });
  for (const c of due) {
    overdue += await handleOverdueTasks(db, c, at);
    if (await closeCampaign(db, c.id, at)) closed++;
  }
  return { reminded, overdue, closed };
}

/** One reminder per reviewer per campaign per lead time, naming how many agents still wait. */
async function sendReminders(db: Db, at: Date, leadHours: readonly number[]): Promise<number> {
  if (leadHours.length === 0) return 0;
  const horizon = new Date(at.getTime() + Math.max(...leadHours) * 3_600_000);
  const campaigns = await db.accessReviewCampaign.findMany({ where: { status: "OPEN", dueAt: { gt: at, lte: horizon } }, select: { id: true, name: true, dueAt: true, onOverdue: true }, take: CAMPAIGNS_PER_RUN * 5 });
  let sent = 0;
  for (const c of campaigns) {
    const threshold = reminderDue(c.dueAt, null, at, leadHours);
    if (!threshold) continue;
    const waiting = { campaignId: c.id, ...UNDECIDED, OR: [{ remindedAt: null }, { remindedAt: { lt: threshold } }] };
    const reviewers = await db.accessReviewTask.groupBy({ by: ["reviewerId"], where: waiting });
    for (const { reviewerId } of reviewers) {
      await withTransaction(db, async (tx) => {
        // The claim: whoever moves remindedAt past the threshold sends the reminder; everyone else finds nothing.
        const claimed = await tx.accessReviewTask.updateMany({ where: { ...waiting, reviewerId }, data: { remindedAt: at } });
        if (claimed.count === 0) return;
        sent++;
        const n = claimed.count;
        const consequence = c.onOverdue === "SUSPEND" ? "will be suspended" : "will be flagged";
        await tx.notification.create({
          data: {
            userId: reviewerId,
            kind: "access_review_reminder",
            title: `Reminder: ${n} agent${n === 1 ? "" : "s"} still to review in “${c.name}”`.slice(0, 200),
            body: `The review is due ${c.dueAt.toISOString()}. Agents nobody reviewed by then ${consequence}.`,
            subject: `access_review:${c.id}`,
            createdAt: at,
          },
        });
      });
    }
  }
  return sent;
}

async function handleOverdueTasks(db: Db, c: { id: string; name: string; onOverdue: string }, at: Date): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = await db.accessReviewTask.findMany({ where: { campaignId: c.id, ...UNDECIDED }, select: { id: true, agentId: true }, orderBy: { id: "asc" }, take: TASKS_PER_BATCH });
    if (batch.length === 0) return handled;
    let progressed = 0;
    for (const t of batch) {
      const done = await withTransaction(db, async (tx) => {
        const agent = await tx.agentIdentity.findUniqueOrThrow({
          where: { id: t.agentId },
          select: { id: true, name: true, status: true, currentOwnership: { select: { ownerId: true, backupOwnerId: true } } },
        });
        const outcome = overdueOutcome(c.onOverdue as OverdueAction, agent.status);
        // Conditional: a reviewer's decision or another instance that got here first wins.
        const claimed = await tx.accessReviewTask.updateMany({ where: { id: t.id, ...UNDECIDED }, data: { overdueOutcome: outcome, overdueAt: at } });
        if (claimed.count !== 1) return false;
        const ref = { accessReviewId: c.id, accessReviewTaskId: t.id };
        await appendAuditEvent(tx, { type: "access_review.overdue", actor: ACTOR, target: { type: "access_review_task", id: t.id }, data: { agentId: agent.id, agentName: agent.name, accessReviewId: c.id, accessReviewName: c.name, outcome } }, at);
        const owners = { id: agent.id, ownerId: agent.currentOwnership?.ownerId ?? null, backupOwnerId: agent.currentOwnership?.backupOwnerId ?? null };
        if (outcome === "SUSPENDED") {
          const reason = `not reviewed by the due date of access review “${c.name}”`;
          await applyStatusChange(tx, agent, "suspend", reason, { now: at, actor: ACTOR, evidence: ref });
          await notifyOwners(tx, owners, { kind: "agent_suspended", title: `${agent.name} was suspended: its access review was not done`, body: `Nobody reviewed it in “${c.name}” by the due date. Its live credentials were revoked. Reactivate it from its page once it has been reviewed.` }, at);
        } else if (outcome === "FLAGGED") {
          await notifyOwners(tx, owners, { kind: "access_review_flagged", title: `${agent.name} was flagged: its access review was not done`, body: `Nobody reviewed it in “${c.name}” by the due date. It stays active, flagged as unreviewed in the campaign's evidence.` }, at);
        }
        return true;
      });
      if (done) {
        handled++;
        progressed++;
      }
    }
    // Everything in this batch was taken by someone else: let them finish.
    if (progressed === 0) return handled;
  }
}

/** Closes a due campaign once none of its tasks waits any more; the evidence names how it ended. */
async function closeCampaign(db: Db, id: string, at: Date): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    if ((await tx.accessReviewTask.count({ where: { campaignId: id, ...UNDECIDED } })) > 0) return false;
    const moved = await tx.accessReviewCampaign.updateMany({ where: { id, status: "OPEN" }, data: { status: "CLOSED", closedAt: at } });
    if (moved.count !== 1) return false;
    const c = await tx.accessReviewCampaign.findUniqueOrThrow({ where: { id }, select: { name: true, dueAt: true, onOverdue: true } });
    const progress = progressOf((await progressGroups(tx, [id])).get(id) ?? []);
    await appendAuditEvent(tx, { type: "access_review.closed", actor: ACTOR, target: { type: "access_review", id }, data: { name: c.name, dueAt: c.dueAt.toISOString(), onOverdue: c.onOverdue, ...progress } }, at);
    return true;
  });
}
