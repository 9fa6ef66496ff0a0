// Request-time policy decision. Cedar answers allow or deny per request; the
// broker needs ALLOW, DENY or STEP_UP for a request that may name several
// verbs. Each verb is decided on its own and the request is as strong as its
// weakest verb. Whatever goes wrong — an unknown snapshot, malformed input,
// an evaluation error, a thrown exception — the answer is DENY, never an
// exception and never a credential.
//
// With a memo (answer-memo.ts) Cedar's answer for a verb is reused for every
// request the set cannot tell apart from one it already answered; the
// decision is the same either way.
import type { AnswerMemo } from "./answer-memo";
import { statefulIsAuthorized, type AuthorizationAnswer, type EntityJson } from "./cedar-engine";
import type { Decision, DecisionRequest, Outcome, PolicySnapshot, Reason, VerbDecision } from "./types";

const ACTION = { type: "Mandate::Action", id: "request" };

const DEFAULT_DENY_REASON = "No policy allows this request, so it is denied by default.";
const EVALUATION_ERROR_REASON = "The policy engine could not evaluate this request, so it is denied.";
const NO_ACTIONS_REASON = "The request names no action, so there is nothing that could be allowed.";

export function decide(request: DecisionRequest, snapshot: PolicySnapshot, memo?: AnswerMemo): Decision {
  // Read defensively: a missing snapshot must still produce a DENY, not a throw.
  const policyVersion = typeof snapshot?.version === "number" ? snapshot.version : 0;
  try {
    // An empty list would otherwise fold to ALLOW (nothing denied it).
    if (request.actions.length === 0) {
      const reasons = [synthetic("no-actions", NO_ACTIONS_REASON, "")];
      return { outcome: "DENY", reasons, policyVersion, perVerb: [] };
    }
    let entities: EntityJson[] | undefined;
    const evaluate = (verb: string) => () => evaluateVerb(request, verb, (entities ??= toEntities(request)), snapshot);
    const usable = memo?.policySetId === snapshot.policySetId ? memo : undefined;
    const perVerb = [...new Set(request.actions)].map((verb) => verbDecisionFrom(usable ? usable.answer(request, verb, evaluate(verb)) : evaluate(verb)(), verb, snapshot));
    return foldVerbDecisions(perVerb, policyVersion);
  } catch (error) {
    return failClosed(request, policyVersion, error);
  }
}

/** The request is as strong as its weakest verb (also used by the simulation, which memoises per verb). */
export function foldVerbDecisions(perVerb: VerbDecision[], policyVersion: number): Decision {
  const outcome = perVerb.map((v) => v.outcome).reduce(weakest, "ALLOW");
  // Only the reasons behind the overall outcome: a denied agent is not told
  // about a step-up an approval could never lift.
  const reasons = perVerb.filter((v) => v.outcome === outcome).flatMap((v) => v.reasons);
  return { outcome, reasons, policyVersion, perVerb };
}

/**
 * Cedar's raw answer for one verb: whether it allowed, the policies that
 * determined it (satisfied permits on allow, satisfied forbids on deny) and
 * any evaluation errors; or a refusal to evaluate at all.
 */
export type RawVerbAnswer = { type: "failure"; errors: string[] } | { type: "answer"; decision: "allow" | "deny"; determining: string[]; errors: string[] };

export function evaluateVerb(request: DecisionRequest, verb: string, entities: EntityJson[], snapshot: Pick<PolicySnapshot, "policySetId" | "schemaName">): RawVerbAnswer {
  const answer: AuthorizationAnswer = statefulIsAuthorized({
    principal: { type: "Mandate::Agent", id: request.agent.id },
    action: ACTION,
    resource: { type: "Mandate::Resource", id: request.audience },
    context: toContext(request, verb),
    entities,
    preparsedPolicySetId: snapshot.policySetId,
    preparsedSchemaName: snapshot.schemaName,
    // Rejects a context that does not match the schema (a missing field, a
    // fraction where a Long belongs) instead of evaluating it.
    validateRequest: true,
  });
  if (answer.type === "failure") return { type: "failure", errors: answer.errors.map((e) => e.message) };
  const { decision, diagnostics } = answer.response;
  return { type: "answer", decision, determining: diagnostics.reason, errors: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`) };
}

/** Cedar's two answers → Mandate's three, with reasons from the snapshot's annotations. */
export function verbDecisionFrom(raw: RawVerbAnswer, verb: string, snapshot: PolicySnapshot): VerbDecision {
  if (raw.type === "failure") return evaluationError(verb, raw.errors);
  // Cedar skips a policy that errors, so an erroring forbid stops forbidding
  // and the answer can still be "allow". Any error voids the whole answer.
  if (raw.errors.length > 0) return evaluationError(verb, raw.errors);
  const determining = raw.determining.map((policyId) => toReason(policyId, verb, snapshot));
  switch (raw.decision) {
    case "allow":
      return { verb, outcome: "ALLOW", reasons: determining };
    case "deny": {
      if (determining.length === 0) {
        return { verb, outcome: "DENY", reasons: [synthetic("default-deny", DEFAULT_DENY_REASON, verb)] };
      }
      const hard = determining.filter((r) => !r.stepUp);
      // A hard forbid wins: approval cannot lift it, so step-up rules are not
      // named alongside it.
      return hard.length > 0 ? { verb, outcome: "DENY", reasons: hard } : { verb, outcome: "STEP_UP", reasons: determining };
    }
    default:
      return assertNever(raw.decision);
  }
}

function weakest(a: Outcome, b: Outcome): Outcome {
  return rank(a) >= rank(b) ? a : b;
}

function rank(outcome: Outcome): number {
  switch (outcome) {
    case "ALLOW":
      return 0;
    case "STEP_UP":
      return 1;
    case "DENY":
      return 2;
    default:
      return assertNever(outcome);
  }
}

function toReason(policyId: string, verb: string, snapshot: PolicySnapshot): Reason {
  const annotations = snapshot.policies[policyId];
  // A policy the snapshot does not describe counts as a hard forbid.
  return { policyId, reason: annotations?.reason ?? `Policy "${policyId}" applies.`, stepUp: annotations?.stepUp ?? false, verb };
}

/** The entity holding a federated workload's claims as tags (Cedar records cannot have open-ended keys). */
export const WORKLOAD_CLAIMS_ENTITY = { type: "Mandate::WorkloadClaims", id: "workload" } as const;

export function toEntities({ agent, audience, identifier, context }: DecisionRequest): EntityJson[] {
  const workload: EntityJson[] = context.workload ? [{ uid: WORKLOAD_CLAIMS_ENTITY, attrs: {}, parents: [], tags: { ...context.workload.claims } }] : [];
  return [
    ...workload,
    {
      uid: { type: "Mandate::Agent", id: agent.id },
      attrs: {
        status: agent.status,
        riskTier: agent.riskTier,
        environment: agent.environment,
        owned: agent.owned,
        ceilingAudiences: agent.ceiling.audiences,
        ceilingActions: agent.ceiling.actions,
        maxTtlSeconds: agent.ceiling.maxTtlSeconds,
        requireDpop: agent.requireDpop,
      },
      parents: [],
    },
    { uid: { type: "Mandate::Resource", id: audience }, attrs: { audience, identifier }, parents: [] },
  ];
}

function toContext({ agent, context }: DecisionRequest, verb: string) {
  return {
    verb,
    intent: context.intent,
    intentType: context.intentType,
    taskId: context.taskId,
    delegationDepth: context.delegationDepth,
    requestedTtlSeconds: context.requestedTtlSeconds,
    // The request has no environment of its own: an agent acts in the
    // environment it was registered for.
    environment: agent.environment,
    hourUtc: context.hourUtc,
    dayOfWeek: context.dayOfWeek,
    recentRequestsPerMinute: context.recentRequestsPerMinute,
    dpopBound: context.dpopBound,
    grantType: context.grantType,
    ...(context.workload && {
      workload: {
        trustConfiguration: context.workload.trustConfigurationId,
        issuer: context.workload.issuer,
        subject: context.workload.subject,
        claims: { __entity: WORKLOAD_CLAIMS_ENTITY },
      },
    }),
  };
}

function evaluationError(verb: string, details: string[]): VerbDecision {
  // Cedar's words go into the reason so an operator reading the audit record
  // can tell a stale snapshot from malformed input; they are bounded in length.
  const detail = details.join("; ").slice(0, 300);
  const reason = detail ? `${EVALUATION_ERROR_REASON} (${detail})` : EVALUATION_ERROR_REASON;
  return { verb, outcome: "DENY", reasons: [synthetic("evaluation-error", reason, verb)] };
}

function failClosed(request: unknown, policyVersion: number, error: unknown): Decision {
  const verbs = safeVerbs(request);
  const perVerb = (verbs.length > 0 ? verbs : [""]).map((verb) => evaluationError(verb, [errorMessage(error)]));
  return { outcome: "DENY", reasons: perVerb.flatMap((v) => v.reasons), policyVersion, perVerb: verbs.length > 0 ? perVerb : [] };
}

// The request that made decide throw may be malformed in any way, so even
// reading its verbs must not throw.
function safeVerbs(request: unknown): string[] {
  try {
    const actions = (request as { actions?: unknown }).actions;
    return Array.isArray(actions) ? [...new Set(actions.filter((a): a is string => typeof a === "string"))] : [];
  } catch {
    return [];
  }
}

function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

function synthetic(policyId: string, reason: string, verb: string): Reason {
  return { policyId, reason, stepUp: false, verb };
}

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
