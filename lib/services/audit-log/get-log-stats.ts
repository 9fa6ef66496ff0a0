// The log's charts: decisions per hour by outcome, how long people took to
// approve step-ups, and the agents denied most — over the log's time range
// (the last 24 hours when none is given).
import { countDecisionsByBucket, topDeniedAgents } from "@/lib/db/audit-log-repository";
import type { TLogStatsQuery } from "@/lib/schemas/audit-log";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

const DAY = 86_400_000;
/** Latency buckets people read at a glance (upper bounds in seconds). */
export const LATENCY_BUCKETS = [
  { label: "< 1 min", max: 60 },
  { label: "1–5 min", max: 300 },
  { label: "5–15 min", max: 900 },
  { label: "15–60 min", max: 3600 },
  { label: "> 1 h", max: Infinity },
] as const;
const MAX_STEP_UPS = 10_000;

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function getLogStats(ctx: ServiceContext, actor: Actor, query: TLogStatsQuery) {
  requirePermission(actor, "audit:read");
  const to = query.to ?? ctx.now();
  const from = query.from ?? new Date(Math.min(to.getTime(), ctx.now().getTime()) - DAY);
  const range = { from, to, agentId: query.agentId };
  const bucket = to.getTime() - from.getTime() <= 3 * DAY ? "hour" : "day";
  const [counts, denied, stepUps] = await Promise.all([
    countDecisionsByBucket(ctx.db, range, bucket),
    topDeniedAgents(ctx.db, range),
    ctx.db.stepUpRequest.findMany({
      where: { status: { in: ["APPROVED", "REDEEMED"] }, decidedAt: { gte: from, lt: to }, ...(query.agentId ? { agentId: query.agentId } : {}) },
      orderBy: { decidedAt: "desc" },
      take: MAX_STEP_UPS,
      select: { createdAt: true, decidedAt: true },
    }),
  ]);
  const byBucket = new Map<string, { bucket: string; ALLOW: number; DENY: number; STEP_UP: number }>();
  for (const c of counts) {
    const row = byBucket.get(c.bucket) ?? { bucket: c.bucket, ALLOW: 0, DENY: 0, STEP_UP: 0 };
    if (c.outcome === "ALLOW" || c.outcome === "DENY" || c.outcome === "STEP_UP") row[c.outcome] += c.count;
    byBucket.set(c.bucket, row);
  }
  const latencies = stepUps.map((s) => Math.max(0, (s.decidedAt!.getTime() - s.createdAt.getTime()) / 1000)).sort((a, b) => a - b);
  return {
    from,
    to,
    bucket,
    decisions: [...byBucket.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
    stepUpLatency: {
      count: latencies.length,
      medianSeconds: percentile(latencies, 50),
      p95Seconds: percentile(latencies, 95),
      buckets: LATENCY_BUCKETS.map((b, i) => ({ label: b.label, count: latencies.filter((l) => l < b.max && (i === 0 || l >= LATENCY_BUCKETS[i - 1].max)).length })),
    },
    topDeniedAgents: denied,
  };
}
