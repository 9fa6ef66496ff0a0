// Counts for the posture header and the trend drawn from evaluation history. Pure.
import { FINDING_KINDS, SEVERITIES, type FindingKind, type Severity } from "./types";

export type PostureCounts = { total: number; byKind: Record<FindingKind, number>; bySeverity: Record<Severity, number> };

export function emptyCounts(): PostureCounts {
  return {
    total: 0,
    byKind: Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
  };
}

/** Counts from grouped rows (kind × severity × n). Unknown kinds or severities are ignored. */
export function countFindings(groups: { kind: string; severity: string; count: number }[]): PostureCounts {
  const c = emptyCounts();
  for (const g of groups) {
    if (!(g.kind in c.byKind) || !(g.severity in c.bySeverity)) continue;
    c.total += g.count;
    c.byKind[g.kind as FindingKind] += g.count;
    c.bySeverity[g.severity as Severity] += g.count;
  }
  return c;
}

export type TrendRun = { finishedAt: Date; openTotal: number; bySeverity: Partial<Record<Severity, number>> };
export type TrendPoint = { bucket: string; total: number } & Record<Severity, number>;

/**
 * One point per hour or day: the open counts after the last evaluation in that
 * bucket (a level, not a sum). Buckets without a run are left out, not invented.
 */
export function trendPoints(runs: TrendRun[], bucket: "hour" | "day"): TrendPoint[] {
  const width = bucket === "hour" ? 13 : 10;
  const last = new Map<string, TrendRun>();
  for (const r of [...runs].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime())) last.set(r.finishedAt.toISOString().slice(0, width), r);
  return [...last.entries()].map(([key, r]) => ({
    bucket: key,
    total: r.openTotal,
    CRITICAL: r.bySeverity.CRITICAL ?? 0,
    HIGH: r.bySeverity.HIGH ?? 0,
    MEDIUM: r.bySeverity.MEDIUM ?? 0,
    LOW: r.bySeverity.LOW ?? 0,
  }));
}
