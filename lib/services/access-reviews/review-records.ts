// How access review campaigns and tasks are read and shown: one select and
// one mapping each, shared by the services, the job and the evidence bundle.
import type { Db, Prisma, Tx } from "@/lib/db/client";
import { decodeScope, progressOf, type Ceiling } from "@/lib/domain/access-review";

const PERSON = { select: { id: true, name: true, email: true } } as const;

export const CAMPAIGN_SELECT = {
  id: true,
  name: true,
  scopeKind: true,
  scopeValue: true,
  dueAt: true,
  onOverdue: true,
  status: true,
  openedAt: true,
  closedAt: true,
  openedBy: PERSON,
} as const satisfies Prisma.AccessReviewCampaignSelect;

export const TASK_SELECT = {
  id: true,
  campaignId: true,
  unowned: true,
  ceilingAtOpen: true,
  decision: true,
  justification: true,
  narrowedCeiling: true,
  decidedAt: true,
  remindedAt: true,
  overdueOutcome: true,
  overdueAt: true,
  agent: { select: { id: true, name: true, environment: true, riskTier: true, status: true, ceilingAudiences: true, ceilingActions: true, ceilingMaxTtlSeconds: true } },
  reviewer: PERSON,
  decidedBy: PERSON,
} as const satisfies Prisma.AccessReviewTaskSelect;

type CampaignRow = Prisma.AccessReviewCampaignGetPayload<{ select: typeof CAMPAIGN_SELECT }>;
type TaskRow = Prisma.AccessReviewTaskGetPayload<{ select: typeof TASK_SELECT }>;

export function toCampaignView(c: CampaignRow, tasks: { decision: string | null; overdueOutcome: string | null }[]) {
  return {
    id: c.id,
    name: c.name,
    scope: decodeScope(c.scopeKind, c.scopeValue),
    dueAt: c.dueAt,
    onOverdue: c.onOverdue as "SUSPEND" | "FLAG",
    status: c.status as "OPEN" | "CLOSED",
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    openedBy: c.openedBy,
    progress: progressOf(tasks),
  };
}
export type CampaignView = ReturnType<typeof toCampaignView>;

export function toTaskView(t: TaskRow) {
  return {
    id: t.id,
    campaignId: t.campaignId,
    agent: {
      id: t.agent.id,
      name: t.agent.name,
      environment: t.agent.environment,
      riskTier: t.agent.riskTier,
      status: t.agent.status,
      /** The ceiling now (a NARROW decision must be a subset of this one). */
      ceiling: { audiences: JSON.parse(t.agent.ceilingAudiences), actions: JSON.parse(t.agent.ceilingActions), maxTtlSeconds: t.agent.ceilingMaxTtlSeconds } as Ceiling,
    },
    reviewer: t.reviewer,
    unowned: t.unowned,
    ceilingAtOpen: JSON.parse(t.ceilingAtOpen) as Ceiling,
    decision: t.decision as "KEEP" | "NARROW" | "DECOMMISSION" | null,
    justification: t.justification,
    narrowedCeiling: t.narrowedCeiling ? (JSON.parse(t.narrowedCeiling) as Ceiling) : null,
    decidedBy: t.decidedBy,
    decidedAt: t.decidedAt,
    remindedAt: t.remindedAt,
    overdueOutcome: t.overdueOutcome as "SUSPENDED" | "FLAGGED" | "ALREADY_INACTIVE" | null,
    overdueAt: t.overdueAt,
  };
}
export type TaskView = ReturnType<typeof toTaskView>;

type Groups = Map<string, { decision: string | null; overdueOutcome: string | null; count: number }[]>;

/** How many tasks of each campaign ended how: the progress figures, counted by the database. */
export async function progressGroups(db: Db | Tx, campaignIds: string[]): Promise<Groups> {
  const by: Groups = new Map(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return by;
  const groups = await db.accessReviewTask.groupBy({ by: ["campaignId", "decision", "overdueOutcome"], where: { campaignId: { in: campaignIds } }, _count: { _all: true } });
  for (const g of groups) by.get(g.campaignId)?.push({ decision: g.decision, overdueOutcome: g.overdueOutcome, count: g._count._all });
  return by;
}
