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

/**
 * What the step-up latency needs of one event, in chain order: pairing a
 * request with its decision is the only part of the summary that depends on
 * the order of events. [kind, step-up id, epoch ms].
 */
export type StepUpFact = ["requested" | "decided" | "expired", string, number];

/**
 * Everything else: counts, sets and bounds that merge in any order. Plain
 * data, so a worker thread can post it.
 */
export type SummaryPart = {
  s: EvidenceSummary;
  agents: string[];
  versions: number[];
  first: number | null;
  last: number | null;
};

function emptySummary(): EvidenceSummary {
  return {
    events: { total: 0, byType: {}, failures: 0, first: null, last: null },
    requests: { total: 0, byOutcome: {}, byGrantType: {} },
    agentsActive: 0,
    stepUps: { requested: 0, approved: 0, denied: 0, expired: 0, redeemed: 0, approvers: {}, latencySeconds: { count: 0, median: null, p95: null, max: null } },
    revocations: { events: 0, credentials: 0, byReason: {} },
    policyVersionsSeen: [],
    policyActivations: 0,
  };
}

/** Pairs step-up requests with their decisions, fed in chain order. Bounded: at most MAX_OPEN open requests. */
export function createStepUpLatency() {
  const open = new Map<string, number>();
  const latencies: number[] = [];
  return {
    fact([kind, id, at]: StepUpFact) {
      if (kind === "requested") {
        if (open.size < MAX_OPEN) open.set(id, at);
      } else {
        const started = open.get(id);
        if (started !== undefined) {
          if (kind === "decided") latencies.push((at - started) / 1000);
          open.delete(id);
        }
      }
    },
    result(): EvidenceSummary["stepUps"]["latencySeconds"] {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { count: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1] : null };
    },
  };
}

/**
 * The summary of a pass over events. With `deferStepUps`, step-up facts are
 * not paired here but collected (takeFacts) for whoever sees every part in
 * chain order — several workers each encoding every other batch.
 */
export function createSummary(opts: { deferStepUps?: boolean } = {}) {
  const s = emptySummary();
  const agents = new Set<string>();
  const versions = new Set<number>();
  const latency = createStepUpLatency();
  let facts: StepUpFact[] = [];
  const fact = (f: StepUpFact) => (opts.deferStepUps ? facts.push(f) : latency.fact(f));
  let first = Infinity;
  let last = -Infinity;

  const part = (): SummaryPart => ({
    s,
    agents: [...agents],
    versions: [...versions],
    first: Number.isFinite(first) ? first : null,
    last: Number.isFinite(last) ? last : null,
  });

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
          if (e.targetId) fact(["requested", e.targetId, at]);
          break;
        case "step_up.approval_given":
          inc(s.stepUps.approvers, e.actorLabel ?? e.actorId ?? "unknown");
          break;
        case "step_up.approved":
        case "step_up.denied":
          if (e.type === "step_up.approved") s.stepUps.approved++;
          else s.stepUps.denied++;
          if (e.targetId) fact(["decided", e.targetId, at]);
          break;
        case "step_up.expired":
          s.stepUps.expired++;
          if (e.targetId) fact(["expired", e.targetId, at]);
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
    /** The step-up facts collected since the last call (deferStepUps only). */
    takeFacts(): StepUpFact[] {
      const out = facts;
      facts = [];
      return out;
    },
    /** This pass's mergeable part (deferStepUps: the latency is the merger's). */
    part,
    result(): EvidenceSummary {
      return finishSummary([part()], latency.result());
    },
  };
}

/** The summary of several passes' parts, with the latency of their step-up facts (paired in chain order). */
export function finishSummary(parts: readonly SummaryPart[], latencySeconds: EvidenceSummary["stepUps"]["latencySeconds"]): EvidenceSummary {
  const out = emptySummary();
  const agents = new Set<string>();
  const versions = new Set<number>();
  let first = Infinity;
  let last = -Infinity;
  const addAll = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) inc(into, k, v);
  };
  for (const { s, agents: a, versions: v, first: f, last: l } of parts) {
    out.events.total += s.events.total;
    out.events.failures += s.events.failures;
    addAll(out.events.byType, s.events.byType);
    out.requests.total += s.requests.total;
    addAll(out.requests.byOutcome, s.requests.byOutcome);
    addAll(out.requests.byGrantType, s.requests.byGrantType);
    for (const k of ["requested", "approved", "denied", "expired", "redeemed"] as const) out.stepUps[k] += s.stepUps[k];
    addAll(out.stepUps.approvers, s.stepUps.approvers);
    out.revocations.events += s.revocations.events;
    out.revocations.credentials += s.revocations.credentials;
    addAll(out.revocations.byReason, s.revocations.byReason);
    out.policyActivations += s.policyActivations;
    for (const x of a) agents.add(x);
    for (const x of v) versions.add(x);
    if (f !== null && f < first) first = f;
    if (l !== null && l > last) last = l;
  }
  out.stepUps.latencySeconds = latencySeconds;
  out.agentsActive = agents.size;
  out.events.first = Number.isFinite(first) ? new Date(first).toISOString() : null;
  out.events.last = Number.isFinite(last) ? new Date(last).toISOString() : null;
  out.policyVersionsSeen = [...versions].sort((a, b) => a - b);
  return out;
}
