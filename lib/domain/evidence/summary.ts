// The figures of an evidence report, accumulated in one pass over the exported
// events (so a filtered bundle's report describes exactly its own rows).
// Memory stays bounded: per-step-up state is kept only until it is decided,
// and at most MAX_OPEN step-ups are tracked at once. Pure.
import type { ChainedEvent } from "@/lib/domain/audit-chain";

const MAX_OPEN = 100_000;

export type EvidenceSummary = {
  events: { total: number; byType: Record<string, number>; failures: number; first: string | null; last: string | null };
  requests: { total: number; byOutcome: Record<string, number>; byGrantType: Record<string, number> };
  agentsActive: number;
  stepUps: {
    requested: number;
    approved: number;
    denied: number;
    expired: number;
    redeemed: number;
    /** Who gave approvals (actor label → approvals given). */
    approvers: Record<string, number>;
    /** Seconds from request to decision, for step-ups requested and decided in the period. */
    latencySeconds: { count: number; median: number | null; p95: number | null; max: number | null };
  };
  revocations: { events: number; credentials: number; byReason: Record<string, number> };
  policyVersionsSeen: number[];
  policyActivations: number;
};

const inc = (m: Record<string, number>, k: string, by = 1) => {
  m[k] = (m[k] ?? 0) + by;
};

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

// Only these event types need their data parsed.
const DATA_TYPES = new Set(["decision.recorded", "credential.revoked"]);

export function createSummary() {
  const s: EvidenceSummary = {
    events: { total: 0, byType: {}, failures: 0, first: null, last: null },
    requests: { total: 0, byOutcome: {}, byGrantType: {} },
    agentsActive: 0,
    stepUps: { requested: 0, approved: 0, denied: 0, expired: 0, redeemed: 0, approvers: {}, latencySeconds: { count: 0, median: null, p95: null, max: null } },
    revocations: { events: 0, credentials: 0, byReason: {} },
    policyVersionsSeen: [],
    policyActivations: 0,
  };
  const agents = new Set<string>();
  const versions = new Set<number>();
  const openStepUps = new Map<string, number>();
  const latencies: number[] = [];
  let first = Infinity;
  let last = -Infinity;

  return {
    add(e: ChainedEvent) {
      s.events.total++;
      inc(s.events.byType, e.type);
      if (e.outcome === "FAILURE") s.events.failures++;
      const at = e.occurredAt.getTime();
      if (at < first) first = at;
      if (at > last) last = at;
      if (e.actorType === "AGENT" && e.actorId) agents.add(e.actorId);
      const data = DATA_TYPES.has(e.type) ? (JSON.parse(e.data) as Record<string, unknown>) : null;
      switch (e.type) {
        case "decision.recorded":
          s.requests.total++;
          inc(s.requests.byOutcome, String(data!.outcome ?? "UNKNOWN"));
          inc(s.requests.byGrantType, String(data!.grantType ?? "unknown"));
          if (typeof data!.policyVersion === "number") versions.add(data!.policyVersion);
          break;
        case "step_up.requested":
          s.stepUps.requested++;
          if (e.targetId && openStepUps.size < MAX_OPEN) openStepUps.set(e.targetId, e.occurredAt.getTime());
          break;
        case "step_up.approval_given":
          inc(s.stepUps.approvers, e.actorLabel ?? e.actorId ?? "unknown");
          break;
        case "step_up.approved":
        case "step_up.denied": {
          if (e.type === "step_up.approved") s.stepUps.approved++;
          else s.stepUps.denied++;
          const started = e.targetId ? openStepUps.get(e.targetId) : undefined;
          if (started !== undefined) {
            latencies.push((e.occurredAt.getTime() - started) / 1000);
            openStepUps.delete(e.targetId!);
          }
          break;
        }
        case "step_up.expired":
          s.stepUps.expired++;
          if (e.targetId) openStepUps.delete(e.targetId);
          break;
        case "step_up.redeemed":
          s.stepUps.redeemed++;
          break;
        case "credential.revoked":
          s.revocations.events++;
          s.revocations.credentials += typeof data!.count === "number" ? data!.count : 1;
          inc(s.revocations.byReason, String(data!.trigger ?? "unknown"), typeof data!.count === "number" ? data!.count : 1);
          break;
        case "policy.activated":
          s.policyActivations++;
          break;
      }
    },
    result(): EvidenceSummary {
      const sorted = [...latencies].sort((a, b) => a - b);
      s.stepUps.latencySeconds = { count: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1] : null };
      s.agentsActive = agents.size;
      s.events.first = Number.isFinite(first) ? new Date(first).toISOString() : null;
      s.events.last = Number.isFinite(last) ? new Date(last).toISOString() : null;
      s.policyVersionsSeen = [...versions].sort((a, b) => a - b);
      return s;
    },
  };
}
