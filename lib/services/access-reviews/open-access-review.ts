// A security lead opens an access review: every agent in scope (decommissioned
// ones hold nothing to review) becomes a task for the person accountable for
// it now — or for the opener, visibly marked, when nobody is. Campaign, tasks,
// evidence and the reviewers' notifications are written in one transaction.
import { invalidField } from "@/lib/errors";
import { withTransaction, type Prisma, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { encodeScope, isInScope, reviewerFor, validateDueDate, type Scope } from "@/lib/domain/access-review";
import type { TOpenAccessReview } from "@/lib/schemas/access-review";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { CAMPAIGN_SELECT, toCampaignView } from "./review-records";

/** A campaign is a list people work through; beyond this, split it (by tier, environment or owner). */
export const MAX_AGENTS_PER_CAMPAIGN = 5_000;

function prefilter(scope: Scope): Prisma.AgentIdentityWhereInput {
  switch (scope.kind) {
    case "ALL":
      return {};
    case "TIER":
      return { riskTier: scope.tier };
    case "ENVIRONMENT":
      return { environment: scope.environment };
    case "OWNER":
      return { currentOwnership: { OR: [{ ownerId: scope.ownerId }, { backupOwnerId: scope.ownerId }] } };
    case "AGENTS":
      return { id: { in: scope.agentIds } };
  }
}

async function checkScopeReferences(tx: Tx, scope: Scope): Promise<void> {
  if (scope.kind === "OWNER") {
    if (!(await tx.user.findUnique({ where: { id: scope.ownerId }, select: { id: true } }))) throw invalidField("scope.ownerId", "no person with this id");
  }
  if (scope.kind === "AGENTS") {
    const found = await tx.agentIdentity.findMany({ where: { id: { in: scope.agentIds } }, select: { id: true, status: true } });
    const known = new Set(found.map((a) => a.id));
    const unknown = scope.agentIds.filter((id) => !known.has(id));
    if (unknown.length) throw invalidField("scope.agentIds", `no agent with id ${unknown.slice(0, 5).join(", ")}`);
    const retired = found.filter((a) => a.status === "DECOMMISSIONED").map((a) => a.id);
    if (retired.length) throw invalidField("scope.agentIds", `decommissioned agents hold nothing to review: ${retired.slice(0, 5).join(", ")}`);
  }
}

export async function openAccessReview(ctx: ServiceContext, actor: Actor, input: TOpenAccessReview) {
  requirePermission(actor, "reviews:manage");
  const now = ctx.now();
  const due = validateDueDate(input.dueAt, now);
  if (!due.ok) throw invalidField("dueAt", due.reason);
  return withTransaction(ctx.db, async (tx) => {
    await checkScopeReferences(tx, input.scope);
    const candidates = await tx.agentIdentity.findMany({
      where: { AND: [{ status: { not: "DECOMMISSIONED" } }, prefilter(input.scope)] },
      select: {
        id: true, status: true, riskTier: true, environment: true, ceilingAudiences: true, ceilingActions: true, ceilingMaxTtlSeconds: true,
        currentOwnership: { select: { ownerId: true, backupOwnerId: true, owner: { select: { id: true, active: true, role: true } } } },
      },
      orderBy: { id: "asc" },
      take: MAX_AGENTS_PER_CAMPAIGN + 1,
    });
    const agents = candidates.filter((a) =>
      isInScope(input.scope, { ...a, ownerId: a.currentOwnership?.ownerId ?? null, backupOwnerId: a.currentOwnership?.backupOwnerId ?? null }),
    );
    if (agents.length === 0) throw invalidField("scope", "covers no agent that could be reviewed (decommissioned agents are left out)");
    if (agents.length > MAX_AGENTS_PER_CAMPAIGN) throw invalidField("scope", `covers more than ${MAX_AGENTS_PER_CAMPAIGN} agents: split the review by tier, environment or owner`);

    const campaign = await tx.accessReviewCampaign.create({
      data: { name: input.name, ...encodeScope(input.scope), dueAt: input.dueAt, onOverdue: input.onOverdue, status: "OPEN", openedById: actor.id, openedAt: now },
      select: CAMPAIGN_SELECT,
    });
    const tasks = agents.map((a) => ({
      campaignId: campaign.id,
      agentId: a.id,
      ...reviewerFor(a.currentOwnership?.owner ?? null, actor.id),
      ceilingAtOpen: JSON.stringify({ audiences: JSON.parse(a.ceilingAudiences), actions: JSON.parse(a.ceilingActions), maxTtlSeconds: a.ceilingMaxTtlSeconds }),
      // The assignment notification below is the first reminder: lead times already passed are not repeated.
      remindedAt: now,
    }));
    await tx.accessReviewTask.createMany({ data: tasks });

    const perReviewer = new Map<string, number>();
    for (const t of tasks) perReviewer.set(t.reviewerId, (perReviewer.get(t.reviewerId) ?? 0) + 1);
    const unowned = tasks.filter((t) => t.unowned).length;
    await appendAuditEvent(
      tx,
      {
        type: "access_review.opened",
        actor: auditActor(actor),
        target: { type: "access_review", id: campaign.id },
        data: { name: input.name, scope: { kind: input.scope.kind, value: encodeScope(input.scope).scopeValue }, dueAt: input.dueAt.toISOString(), onOverdue: input.onOverdue, agents: tasks.length, reviewers: perReviewer.size, unowned },
        requestId: ctx.requestId,
      },
      now,
    );
    const consequence = input.onOverdue === "SUSPEND" ? "Agents nobody reviewed by then are suspended." : "Agents nobody reviewed by then are flagged.";
    for (const [userId, count] of perReviewer) {
      await tx.notification.create({
        data: {
          userId,
          kind: "access_review_assigned",
          title: `${count} agent${count === 1 ? "" : "s"} to review in “${input.name}”`.slice(0, 200),
          body: `Keep, narrow or decommission each one, with a justification, by ${input.dueAt.toISOString()}. ${consequence}`,
          subject: `access_review:${campaign.id}`,
          createdAt: now,
        },
      });
    }
    return toCampaignView(campaign, tasks.map(() => ({ decision: null, overdueOutcome: null })));
  });
}
