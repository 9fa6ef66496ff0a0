// Reading access reviews: campaigns and their progress (security leads,
// admins, auditors), one campaign with every task, and a reviewer's own tasks
// (their inbox). Reading never changes anything.
import { AppError } from "@/lib/errors";
import type { TAccessReviewListQuery, TReviewTaskListQuery } from "@/lib/schemas/access-review";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { CAMPAIGN_SELECT, progressGroups, TASK_SELECT, toCampaignView, toTaskView } from "./review-records";

export async function listAccessReviews(ctx: ServiceContext, actor: Actor, query: TAccessReviewListQuery) {
  requirePermission(actor, "reviews:read");
  const rows = await ctx.db.accessReviewCampaign.findMany({
    where: query.status ? { status: query.status } : {},
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: query.limit,
    select: CAMPAIGN_SELECT,
  });
  const groups = await progressGroups(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toCampaignView(r, groups.get(r.id) ?? [])) };
}

export async function getAccessReview(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "reviews:read");
  const row = await ctx.db.accessReviewCampaign.findUnique({ where: { id }, select: CAMPAIGN_SELECT });
  if (!row) throw new AppError("not_found", `no access review with id ${id}`);
  const tasks = await ctx.db.accessReviewTask.findMany({ where: { campaignId: id }, select: TASK_SELECT, orderBy: [{ agent: { name: "asc" } }, { id: "asc" }] });
  const groups = await progressGroups(ctx.db, [id]);
  return { ...toCampaignView(row, groups.get(id) ?? []), tasks: tasks.map(toTaskView) };
}

/** Still waiting for its reviewer: undecided, not yet handled by the due-date job, campaign open. */
const OPEN_TASK = { decision: null, overdueOutcome: null, campaign: { status: "OPEN" } } as const;

export async function listMyReviewTasks(ctx: ServiceContext, actor: Actor, query: TReviewTaskListQuery) {
  requirePermission(actor, "reviews:decide-own");
  const state =
    query.state === "open" ? OPEN_TASK
    : query.state === "decided" ? { OR: [{ decision: { not: null } }, { overdueOutcome: { not: null } }] }
    : {};
  const rows = await ctx.db.accessReviewTask.findMany({
    where: { reviewerId: actor.id, ...state },
    select: { ...TASK_SELECT, campaign: { select: { id: true, name: true, dueAt: true, onOverdue: true, status: true } } },
    // Open tasks: soonest due first; decided ones: most recent first.
    orderBy: query.state === "open" ? [{ campaign: { dueAt: "asc" } }, { agent: { name: "asc" } }, { id: "asc" }] : [{ campaign: { dueAt: "desc" } }, { decidedAt: "desc" }, { id: "asc" }],
    take: query.limit,
  });
  return { items: rows.map((r) => ({ ...toTaskView(r), campaign: r.campaign })) };
}

export async function countMyOpenReviewTasks(ctx: ServiceContext, actor: Actor): Promise<number> {
  return ctx.db.accessReviewTask.count({ where: { reviewerId: actor.id, ...OPEN_TASK } });
}

const PICKER_LIMIT = 500;

/**
 * What the "new access review" form offers: agents that can be reviewed (the
 * newest, plus any pre-selected ones — the posture page links here with
 * ?agent=…), the environments in use and the people who can own agents.
 */
export async function getReviewScopeOptions(ctx: ServiceContext, actor: Actor, preselectedIds: string[]) {
  requirePermission(actor, "reviews:manage");
  const select = { id: true, name: true, environment: true, riskTier: true } as const;
  const reviewable = { status: { not: "DECOMMISSIONED" as const } };
  const [recent, preselected, environments, owners] = await Promise.all([
    ctx.db.agentIdentity.findMany({ where: reviewable, select, orderBy: { createdAt: "desc" }, take: PICKER_LIMIT }),
    preselectedIds.length ? ctx.db.agentIdentity.findMany({ where: { ...reviewable, id: { in: preselectedIds } }, select }) : Promise.resolve([]),
    ctx.db.agentIdentity.findMany({ where: reviewable, select: { environment: true }, distinct: ["environment"], orderBy: { environment: "asc" } }),
    ctx.db.user.findMany({ where: { active: true, role: { not: "AUDITOR" } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
  ]);
  const byId = new Map([...preselected, ...recent].map((a) => [a.id, a]));
  return {
    agents: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)),
    preselected: preselectedIds.filter((id) => byId.has(id) && preselected.some((p) => p.id === id)),
    environments: environments.map((e) => e.environment),
    owners,
  };
}
