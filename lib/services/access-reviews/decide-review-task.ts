// A reviewer decides one task of an access review: keep the agent as it is,
// narrow its ceiling, or decommission it — always with a justification. The
// decision takes effect in the same transaction as its evidence: narrowing
// goes through the agent update path (which revokes live credentials outside
// the new ceiling), decommissioning through the lifecycle path (which revokes
// every live credential). Only the person the task is assigned to decides it.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { refreshAgentPosture } from "../posture/refresh-agent-posture";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { checkDecision, isOverdue, type Ceiling } from "@/lib/domain/access-review";
import type { TDecideReviewTask } from "@/lib/schemas/access-review";
import { loadManageableAgent } from "../agent-access";
import { applyStatusChange } from "../change-agent-status";
import { updateAgentInTransaction } from "../update-agent";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { TASK_SELECT, toTaskView } from "./review-records";

export async function decideReviewTask(ctx: ServiceContext, actor: Actor, taskId: string, input: TDecideReviewTask) {
  requirePermission(actor, "reviews:decide-own");
  const now = ctx.now();
  const view = await withTransaction(ctx.db, async (tx) => {
    const task = await tx.accessReviewTask.findUnique({
      where: { id: taskId },
      select: {
        id: true, reviewerId: true, decision: true, overdueOutcome: true, ceilingAtOpen: true,
        campaign: { select: { id: true, name: true, status: true, dueAt: true } },
        agent: { select: { id: true, name: true, status: true, ceilingAudiences: true, ceilingActions: true, ceilingMaxTtlSeconds: true } },
      },
    });
    if (!task) throw new AppError("not_found", `no access review task with id ${taskId}`);
    // Regression guard: holding reviews:decide-own is not enough — the task must be assigned to this person.
    if (task.reviewerId !== actor.id) throw new AppError("forbidden", "this review task is assigned to someone else; only its reviewer decides it");
    if (task.decision) throw new AppError("conflict", `this agent was already reviewed (${task.decision})`);
    if (task.overdueOutcome || task.campaign.status !== "OPEN" || isOverdue(task.campaign.dueAt, now)) {
      throw new AppError("conflict", "the campaign's due date has passed; this task can no longer be decided");
    }
    const current: Ceiling = { audiences: JSON.parse(task.agent.ceilingAudiences), actions: JSON.parse(task.agent.ceilingActions), maxTtlSeconds: task.agent.ceilingMaxTtlSeconds };
    const check = checkDecision(input, current, task.agent.status);
    if (!check.ok) throw invalidField(check.field, check.reason);

    // Conditional: a second submission (another tab, another instance) or the due-date job that won the race changes nothing.
    const claimed = await tx.accessReviewTask.updateMany({
      where: { id: task.id, decision: null, overdueOutcome: null },
      data: { decision: input.decision, justification: input.justification, narrowedCeiling: check.narrowedTo ? JSON.stringify(check.narrowedTo) : null, decidedById: actor.id, decidedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("conflict", "this task was decided meanwhile");

    const campaignRef = { accessReviewId: task.campaign.id, accessReviewTaskId: task.id };
    await appendAuditEvent(
      tx,
      {
        type: "access_review.decided",
        actor: auditActor(actor),
        target: { type: "access_review_task", id: task.id },
        data: {
          agentId: task.agent.id,
          agentName: task.agent.name,
          accessReviewId: task.campaign.id,
          accessReviewName: task.campaign.name,
          decision: input.decision,
          justification: input.justification,
          ceilingBefore: current,
          ceilingAfter: check.narrowedTo ?? (input.decision === "KEEP" ? current : null),
        },
        requestId: ctx.requestId,
      },
      now,
    );
    const reason = `access review “${task.campaign.name}”: ${input.justification}`.slice(0, 500);
    if (input.decision === "NARROW" && check.narrowedTo) {
      await updateAgentInTransaction(tx, ctx, actor, task.agent.id, { ceiling: check.narrowedTo }, now, campaignRef);
    } else if (input.decision === "DECOMMISSION") {
      const agent = await loadManageableAgent(tx, actor, task.agent.id);
      await applyStatusChange(tx, agent, "decommission", reason, { now, actor: auditActor(actor), requestId: ctx.requestId, evidence: campaignRef });
    }
    return toTaskView(await tx.accessReviewTask.findUniqueOrThrow({ where: { id: task.id }, select: TASK_SELECT }));
  });
  // A narrowed or decommissioned agent's findings change at once (over-privileged, dormant…).
  if (view.decision !== "KEEP") await refreshAgentPosture(ctx, [view.agent.id]);
  return view;
}
