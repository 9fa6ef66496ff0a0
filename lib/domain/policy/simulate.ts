// Replays recorded decisions against a draft policy set and says what would
// change. Each recorded request is decided under the ACTIVE set and under the
// DRAFT, and the two are compared: the recorded outcome itself is not the
// baseline, because it may come from an older version or from the broker's own
// guards (rate limit, an approval that lifted a step-up), none of which the
// draft would change. So "old → new" is exactly the draft's effect.
//
// Cedar is asked as little as possible, which is what makes 10,000 replays
// fast: answers are memoised per verb on replayKey() (requests a set cannot
// tell apart get one evaluation), the active set's answers serve both sides,
// and a draft that only adds policies is evaluated as the active set plus the
// added ones (combineAnswers). Each side's answer is still turned into a
// decision by decide()'s own code (verbDecisionFrom, foldVerbDecisions).
import type { EntityJson } from "./cedar-engine";
import { decide, evaluateVerb, foldVerbDecisions, toEntities, verbDecisionFrom, type RawVerbAnswer } from "./decide";
import { answerMemo, type AnswerMemoOptions } from "./answer-memo";
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

/** A simulation's memo of one set's answers: for the whole run, errors included. */
const SIMULATION_MEMO: AnswerMemoOptions = { capacity: Infinity, keepErrors: true, wholeRequestKeys: true };

/**
 * Cedar's answer for a set S ∪ N from its answers for S and for N: any
 * satisfied forbid of either denies (determined by all of them); otherwise any
 * satisfied permit of either allows; otherwise the default deny. Errors of
 * either side carry over (Cedar skips an erroring policy in the union just the
 * same), as does a refusal to evaluate the request at all.
 */
export function combineAnswers(a: RawVerbAnswer, b: RawVerbAnswer): RawVerbAnswer {
  if (a.type === "failure" || b.type === "failure") return { type: "failure", errors: [...(a.type === "failure" ? a.errors : []), ...(b.type === "failure" ? b.errors : [])] };
  const errors = [...a.errors, ...b.errors];
  const forbids = [...(a.decision === "deny" ? a.determining : []), ...(b.decision === "deny" ? b.determining : [])];
  if (forbids.length > 0) return { type: "answer", decision: "deny", determining: forbids, errors };
  const permits = [...(a.decision === "allow" ? a.determining : []), ...(b.decision === "allow" ? b.determining : [])];
  return { type: "answer", decision: permits.length > 0 ? "allow" : "deny", determining: permits, errors };
}

/**
 * How the draft is evaluated: as a whole, or — when it only adds policies
 * (policy-delta.ts) — as the active set plus `added`, compiled on its own
 * (null: it adds nothing).
 */
export type DraftShape = { kind: "whole" } | { kind: "adds"; added: PolicySnapshot | null };

function comparer(active: PolicySnapshot, draft: PolicySnapshot, shape: DraftShape) {
  const memoOf = (set: PolicySnapshot) => {
    const memo = answerMemo(set, SIMULATION_MEMO);
    return { answer: (request: DecisionRequest, verb: string, entities: EntityJson[]) => memo.answer(request, verb, () => evaluateVerb(request, verb, entities, set)), evaluations: () => memo.size };
  };
  const underActive = memoOf(active);
  const underDraft = shape.kind === "whole" ? memoOf(draft) : null;
  const underAdded = shape.kind === "adds" && shape.added ? memoOf(shape.added) : null;
  return {
    compare(request: DecisionRequest): { before: Decision; after: Decision } {
      const verbs = Array.isArray(request.actions) ? [...new Set(request.actions)] : [];
      // No verbs, or not a request: decide() answers it (fail closed, or "no-actions").
      if (verbs.length === 0) return { before: decide(request, active), after: decide(request, draft) };
      try {
        const entities = toEntities(request);
        const before: VerbDecision[] = [];
        const after: VerbDecision[] = [];
        for (const verb of verbs) {
          const fromActive = underActive.answer(request, verb, entities);
          before.push(verbDecisionFrom(fromActive, verb, active));
          const fromDraft = underDraft ? underDraft.answer(request, verb, entities) : underAdded ? combineAnswers(fromActive, underAdded.answer(request, verb, entities)) : fromActive;
          after.push(verbDecisionFrom(fromDraft, verb, draft));
        }
        return { before: foldVerbDecisions(before, active.version), after: foldVerbDecisions(after, draft.version) };
      } catch {
        // Whatever made this throw, decide() turns into a denial on each side.
        return { before: decide(request, active), after: decide(request, draft) };
      }
    },
    evaluations: () => ({ active: underActive.evaluations(), draft: (underDraft ?? underAdded)?.evaluations() ?? 0 }),
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

export function replayDecisions(
  records: readonly RecordToReplay[],
  active: PolicySnapshot,
  draft: PolicySnapshot,
  opts: { maxChanges?: number; shape?: DraftShape } = {},
): SimulationResult {
  const maxChanges = opts.maxChanges ?? 500;
  const sides = comparer(active, draft, opts.shape ?? { kind: "whole" });
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
    const { before, after } = sides.compare(request);
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
  return { replayed: records.length - unreadable, unreadable, changed, transitions, changes, evaluations: sides.evaluations() };
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
