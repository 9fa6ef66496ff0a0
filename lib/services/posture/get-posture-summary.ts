// The posture header: open findings by kind and severity, the trend drawn from
// the recorded evaluation runs, the last run, and what the filters can offer.
import { countFindings, trendPoints, type TrendRun } from "@/lib/domain/posture/summary";
import { DAY_MS } from "@/lib/domain/posture/types";
import type { TPostureSummaryQuery } from "@/lib/schemas/posture";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

export async function getPostureSummary(ctx: ServiceContext, actor: Actor, query: TPostureSummaryQuery) {
  requirePermission(actor, "posture:read");
  const now = ctx.now();
  const from = new Date(now.getTime() - query.days * DAY_MS);
  const [groups, runs, lastRun, owners, environments] = await Promise.all([
    ctx.db.postureFinding.groupBy({ by: ["kind", "severity"], where: { resolvedAt: null }, _count: { _all: true } }),
    ctx.db.postureRun.findMany({ where: { finishedAt: { gte: from } }, orderBy: { finishedAt: "asc" }, select: { finishedAt: true, openTotal: true, openBySeverity: true } }),
    ctx.db.postureRun.findFirst({ orderBy: { finishedAt: "desc" }, select: { finishedAt: true, durationMs: true, trigger: true, agentsEvaluated: true } }),
    // Filter options: the owners and environments of agents that have findings.
    ctx.db.user.findMany({ where: { ownerships: { some: { endedAt: null, currentOf: { postureFindings: { some: {} } } } } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" }, take: 500 }),
    ctx.db.agentIdentity.findMany({ where: { postureFindings: { some: {} } }, distinct: ["environment"], select: { environment: true }, orderBy: { environment: "asc" } }),
  ]);
  const trendRuns: TrendRun[] = runs.map((r) => ({ finishedAt: r.finishedAt, openTotal: r.openTotal, bySeverity: JSON.parse(r.openBySeverity) as TrendRun["bySeverity"] }));
  const bucket = query.days <= 2 ? "hour" : "day";
  return {
    open: countFindings(groups.map((g) => ({ kind: g.kind, severity: g.severity, count: g._count._all }))),
    trend: { bucket, from, to: now, points: trendPoints(trendRuns, bucket) },
    lastRun,
    filterOptions: { owners, environments: environments.map((e) => e.environment) },
  };
}
