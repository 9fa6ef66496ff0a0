// Replays recorded decisions against a draft policy set and says what would
// change. Each recorded request is decided under the ACTIVE set and under the
// DRAFT, and the two are compared: the recorded outcome itself is not the
// baseline, because it may come from an older version or from the broker's own
// guards (rate limit, an approval that lifted a step-up), none of which the
// draft would change. So "old → new" is exactly the draft's effect.
//
// Deciding is memoised per set on replayKey(): requests a set cannot tell
// apart get one evaluation, which is what makes 10,000 replays fast.
import { decide, foldVerbDecisions } from "./decide";
import { replayKey } from "./input-reads";
import type { Decision, DecisionRequest, Outcome, PolicySnapshot, VerbDecision } from "./types";

export type RecordToReplay = {
  id: string;
  agentId: string | null;
  agentName: string | null;
  createdAt: string;
  grantType: string;
  outcome: Outcome;
  policyVersion: number;
  /** The Decision row's `input` column: canonical JSON `{request, …}`. */
  input: string;
};

export type RuleRef = { policyId: string; reason: string };

export type ChangedDecision = {
  decisionId: string;
  agentId: string | null;
  agentName: string | null;
  createdAt: string;
  grantType: string;
  audience: string;
  actions: string[];
  intent: string;
  recorded: { outcome: Outcome; policyVersion: number };
  from: Outcome;
  to: Outcome;
  /** The rules behind each side's outcome. */
  fromRules: RuleRef[];
  toRules: RuleRef[];
};

export type Transition = { from: Outcome; to: Outcome; count: number };

export type SimulationResult = {
  replayed: number;
  /** Rows whose input could not be read as a request (none are expected). */
  unreadable: number;
  changed: number;
  /** Every old → new pair that occurred, unchanged pairs included. */
  transitions: Transition[];
  /** The changed decisions, newest first, at most `maxChanges`. */
  changes: ChangedDecision[];
  /** How many policy evaluations each side needed after memoisation. */
  evaluations: { active: number; draft: number };
};

const OUTCOMES: Outcome[] = ["ALLOW", "STEP_UP", "DENY"];

/**
 * decide() for one snapshot, memoised per verb on what the snapshot can read:
 * a request for ["read", "update"] reuses what "read" and "update" alone got.
 * Each verb is decided by decide() itself (a one-verb request) and folded the
 * way decide() folds, so the answers are decide()'s.
 */
export function memoisedDecide(snapshot: PolicySnapshot): { decide: (r: DecisionRequest) => Decision; evaluations: () => number } {
  const cache = new Map<string, VerbDecision>();
  const policyVersion = snapshot.version;
  return {
    decide(request) {
      const verbs = Array.isArray(request.actions) ? [...new Set(request.actions)] : null;
      // Not a list of verbs, or none: decide() answers it (fail closed, or "no-actions") without Cedar.
      if (!verbs || verbs.length === 0) return decide(request, snapshot);
      const perVerb: VerbDecision[] = [];
      for (const verb of verbs) {
        const single = { ...request, actions: [verb] };
        const key = replayKey(single, snapshot.reads);
        let hit = cache.get(key);
        if (!hit) {
          // A verb decide() could not evaluate still yields one VerbDecision (evaluation-error).
          hit = decide(single, snapshot).perVerb[0] ?? { verb, outcome: "DENY", reasons: [{ policyId: "evaluation-error", reason: "The policy engine could not evaluate this request, so it is denied.", stepUp: false, verb }] };
          cache.set(key, hit);
        }
        perVerb.push(hit);
      }
      return foldVerbDecisions(perVerb, policyVersion);
    },
    evaluations: () => cache.size,
  };
}

export function readRecordedRequest(input: string): DecisionRequest | null {
  try {
    const parsed = JSON.parse(input) as { request?: unknown };
    const request = parsed?.request as DecisionRequest | undefined;
    if (!request || typeof request !== "object" || !Array.isArray(request.actions) || !request.agent || !request.context) return null;
    return request;
  } catch {
    return null;
  }
}

export function replayDecisions(records: readonly RecordToReplay[], active: PolicySnapshot, draft: PolicySnapshot, opts: { maxChanges?: number } = {}): SimulationResult {
  const maxChanges = opts.maxChanges ?? 500;
  const underActive = memoisedDecide(active);
  const underDraft = memoisedDecide(draft);
  const counts = new Map<string, number>();
  const changes: ChangedDecision[] = [];
  let changed = 0;
  let unreadable = 0;
  for (const record of records) {
    const request = readRecordedRequest(record.input);
    if (!request) {
      unreadable += 1;
      continue;
    }
    const before = underActive.decide(request);
    const after = underDraft.decide(request);
    const key = `${before.outcome}>${after.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!isChange(before, after)) continue;
    changed += 1;
    if (changes.length < maxChanges) changes.push(describeChange(record, request, before, after));
  }
  const transitions: Transition[] = [];
  for (const from of OUTCOMES) {
    for (const to of OUTCOMES) {
      const count = counts.get(`${from}>${to}`);
      if (count) transitions.push({ from, to, count });
    }
  }
  return { replayed: records.length - unreadable, unreadable, changed, transitions, changes, evaluations: { active: underActive.evaluations(), draft: underDraft.evaluations() } };
}

/**
 * A change is a different outcome, or the same denial or step-up for different
 * rules (the agent, the approver and the auditor would read other reasons).
 * Which rule allowed something is not a change anyone acts on.
 */
export function isChange(before: Decision, after: Decision): boolean {
  if (before.outcome !== after.outcome) return true;
  if (before.outcome === "ALLOW") return false;
  return ruleIds(before).join("\n") !== ruleIds(after).join("\n");
}

function ruleIds(d: Decision): string[] {
  return [...new Set(d.reasons.map((r) => r.policyId))].sort();
}

export function rulesOf(d: Decision): RuleRef[] {
  const seen = new Map<string, RuleRef>();
  for (const r of d.reasons) if (!seen.has(r.policyId)) seen.set(r.policyId, { policyId: r.policyId, reason: r.reason });
  return [...seen.values()];
}

function describeChange(record: RecordToReplay, request: DecisionRequest, before: Decision, after: Decision): ChangedDecision {
  return {
    decisionId: record.id,
    agentId: record.agentId,
    agentName: record.agentName,
    createdAt: record.createdAt,
    grantType: record.grantType,
    audience: String(request.audience ?? ""),
    actions: request.actions.map(String),
    intent: String(request.context?.intent ?? ""),
    recorded: { outcome: record.outcome, policyVersion: record.policyVersion },
    from: before.outcome,
    to: after.outcome,
    fromRules: rulesOf(before),
    toRules: rulesOf(after),
  };
}
