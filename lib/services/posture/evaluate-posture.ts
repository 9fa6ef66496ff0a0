// One posture evaluation: compute every finding (or those of the agents a
// change touched), diff them against the open findings, open / refresh /
// resolve rows, record the run (the trend's history) and one audit event
// naming what opened and resolved — all in one transaction.
//
// Several app instances on PostgreSQL: a transaction-scoped advisory lock is
// held for the whole run. A scheduled run only tries it (another instance
// running means this one skips); a run for a change waits for it, so the
// change's effect is never overwritten by a run that started before it.
// On SQLite the write transaction serialises runs already.
import { dbProvider, withTransaction, type Db, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { insertFindings, loadPostureInputs, touchOpenFindings } from "@/lib/db/posture-repository";
import { env } from "@/lib/env";
import { canonicalJson } from "@/lib/domain/canonical-json";
import { diffFindings, evaluateAgentPosture, openKeyOf, type ComputedFinding } from "@/lib/domain/posture/evaluate";
import { countFindings } from "@/lib/domain/posture/summary";
import { SEVERITY_RANK, type PostureThresholds } from "@/lib/domain/posture/types";

/** Arbitrary constant, distinct from the audit chain's lock (4_242_001). */
export const POSTURE_LOCK = 4_242_017;
const CHUNK = 500;
const MAX_IN_EVIDENCE = 200;

export type PostureScope = { trigger: "SCHEDULED" } | { trigger: "EVENT"; agentIds: string[] };
export type PostureRunResult =
  | { ran: true; runId: string; agentsEvaluated: number; opened: number; resolved: number; openTotal: number; durationMs: number }
  | { ran: false; reason: "locked" | "recent" | "nothing_to_evaluate" };

export type PostureOptions = {
  thresholds?: PostureThresholds;
  /** A scheduled run is skipped when another finished less than this long ago (any instance). */
  minIntervalMs?: number;
};

async function takeLock(tx: Tx, wait: boolean): Promise<boolean> {
  if (dbProvider() !== "postgresql") return true;
  if (wait) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POSTURE_LOCK})`;
    return true;
  }
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${POSTURE_LOCK}) AS "locked"`;
  return row?.locked === true;
}

async function inChunks<T>(items: T[], fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += CHUNK) await fn(items.slice(i, i + CHUNK));
}

export async function evaluatePosture(db: Db, now: () => Date, scope: PostureScope, opts: PostureOptions = {}): Promise<PostureRunResult> {
  const agentIds = scope.trigger === "EVENT" ? [...new Set(scope.agentIds)] : undefined;
  if (agentIds && agentIds.length === 0) return { ran: false, reason: "nothing_to_evaluate" };
  const t = opts.thresholds ?? env().posture.thresholds;
  return withTransaction(db, async (tx) => {
      if (!(await takeLock(tx, scope.trigger === "EVENT"))) return { ran: false, reason: "locked" } as const;
      const startedAt = now();
      if (scope.trigger === "SCHEDULED" && opts.minIntervalMs) {
        const last = await tx.postureRun.findFirst({ where: { trigger: "SCHEDULED" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } });
        if (last && startedAt.getTime() - last.finishedAt.getTime() < opts.minIntervalMs) return { ran: false, reason: "recent" } as const;
      }

      const inputs = await loadPostureInputs(tx, startedAt, t, agentIds);
      const computed: ComputedFinding[] = inputs.flatMap((a) => evaluateAgentPosture(a, startedAt, t).map((f) => ({ ...f, agentId: a.id })));
      const open = await tx.postureFinding.findMany({
        where: { resolvedAt: null, ...(agentIds ? { agentId: { in: agentIds } } : {}) },
        select: { id: true, agentId: true, rule: true, severity: true, details: true },
      });
      const diff = diffFindings(computed, open);
      const evaluated = new Set(inputs.map((a) => a.id));

      // Resolve first, then insert (a rule that resolves and reopens in one run cannot: it is either found or not).
      // An agent that was not evaluated any more is decommissioned: its findings end with it.
      const gone = diff.toResolve.filter((f) => !evaluated.has(f.agentId)).map((f) => f.id);
      const cleared = diff.toResolve.filter((f) => evaluated.has(f.agentId)).map((f) => f.id);
      await inChunks(cleared, (ids) => tx.postureFinding.updateMany({ where: { id: { in: ids } }, data: { resolvedAt: startedAt, resolution: "no longer found", openKey: null } }));
      await inChunks(gone, (ids) => tx.postureFinding.updateMany({ where: { id: { in: ids } }, data: { resolvedAt: startedAt, resolution: "agent decommissioned", openKey: null } }));
      for (const c of diff.toChange) {
        await tx.postureFinding.update({ where: { id: c.id }, data: { severity: c.severity, severityRank: SEVERITY_RANK[c.severity], details: c.details, lastSeenAt: startedAt } });
      }
      // Unchanged open findings (diff.toTouch) were seen again.
      if (diff.toTouch.length > 0) await touchOpenFindings(tx, startedAt, agentIds);
      await insertFindings(
        tx,
        diff.toOpen.map((f) => ({
          agentId: f.agentId,
          kind: f.kind,
          rule: f.rule,
          severity: f.severity,
          severityRank: SEVERITY_RANK[f.severity],
          details: canonicalJson(f.details),
          since: f.since,
          seenAt: startedAt,
          openKey: openKeyOf(f.agentId, f.rule),
        })),
      );

      const groups = await tx.postureFinding.groupBy({ by: ["kind", "severity"], where: { resolvedAt: null }, _count: { _all: true } });
      const counts = countFindings(groups.map((g) => ({ kind: g.kind, severity: g.severity, count: g._count._all })));
      const finishedAt = now();
      const run = await tx.postureRun.create({
        data: {
          trigger: scope.trigger,
          startedAt,
          finishedAt,
          durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
          agentsEvaluated: inputs.length,
          opened: diff.toOpen.length,
          resolved: diff.toResolve.length,
          openTotal: counts.total,
          openByKind: JSON.stringify(counts.byKind),
          openBySeverity: JSON.stringify(counts.bySeverity),
        },
        select: { id: true },
      });
      if (diff.toOpen.length + diff.toResolve.length > 0) {
        await appendAuditEvent(
          tx,
          {
            type: "posture.evaluated",
            actor: { type: "SYSTEM", label: "posture evaluation" },
            target: agentIds?.length === 1 ? { type: "agent", id: agentIds[0] } : null,
            data: {
              runId: run.id,
              trigger: scope.trigger,
              agentsEvaluated: inputs.length,
              opened: diff.toOpen.length,
              resolved: diff.toResolve.length,
              openTotal: counts.total,
              openedFindings: diff.toOpen.slice(0, MAX_IN_EVIDENCE).map((f) => ({ agentId: f.agentId, rule: f.rule, severity: f.severity })),
              resolvedFindings: diff.toResolve.slice(0, MAX_IN_EVIDENCE).map((f) => ({ agentId: f.agentId, rule: f.rule, findingId: f.id })),
              truncated: diff.toOpen.length > MAX_IN_EVIDENCE || diff.toResolve.length > MAX_IN_EVIDENCE,
            },
          },
          finishedAt,
        );
      }
      return { ran: true, runId: run.id, agentsEvaluated: inputs.length, opened: diff.toOpen.length, resolved: diff.toResolve.length, openTotal: counts.total, durationMs: finishedAt.getTime() - startedAt.getTime() } as const;
    },
  );
}
