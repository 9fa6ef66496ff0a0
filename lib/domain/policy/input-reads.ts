// Which parts of a request a policy set can look at. Cedar reads an attribute
// only by naming it (`context.intent`, `principal has owned`), so a walk of the
// policies' JSON form finds every attribute they read; an entity used as a
// value (`principal == Mandate::Agent::"x"`, a scope) makes its id matter, and
// `context` used as a whole makes all of it matter. Two requests that agree on
// everything a set reads get the same decision from it — which is what lets a
// simulation replay ten thousand recorded requests without ten thousand
// evaluations of each set, and the broker ask Cedar once per kind of request
// rather than once per request (see replayKey, answer-memo.ts).
//
// Whatever the walk cannot pin down makes the set "opaque", and then the whole
// request is the key: an entity literal in a condition (it may name the
// principal, and read its attributes without the word `principal`), the
// principal or the resource used as a value in a condition (its attributes
// can then be read through a record or a set), or an attribute this module
// has no field for (a schema that grew before this table did).
import type { PolicyJson } from "@cedar-policy/cedar-wasm/nodejs";
import type { DecisionRequest } from "./types";

export type InputReads = {
  principal: string[];
  resource: string[];
  context: string[];
  principalId: boolean;
  resourceId: boolean;
  /** `context` used as a whole value: every field matters. */
  wholeContext: boolean;
  /** What the set reads cannot be told from its text: every part of a request matters. */
  opaque: boolean;
};

type Collected = { principal: Set<string>; resource: Set<string>; context: Set<string>; principalId: boolean; resourceId: boolean; wholeContext: boolean; opaque: boolean };

export function inputsRead(policies: readonly PolicyJson[]): InputReads {
  const c: Collected = { principal: new Set(), resource: new Set(), context: new Set(), principalId: false, resourceId: false, wholeContext: false, opaque: false };
  for (const policy of policies) {
    if (policy.principal.op !== "All") c.principalId = true;
    if (policy.resource.op !== "All") c.resourceId = true;
    for (const clause of policy.conditions) visit(clause.body, c);
  }
  const unknown =
    [...c.principal].some((a) => !Object.hasOwn(PRINCIPAL_FIELDS, a)) ||
    [...c.resource].some((a) => !Object.hasOwn(RESOURCE_FIELDS, a)) ||
    [...c.context].some((a) => !Object.hasOwn(CONTEXT_FIELDS, a) && a !== "verb");
  return {
    principal: [...c.principal].sort(),
    resource: [...c.resource].sort(),
    context: [...c.context].sort(),
    principalId: c.principalId,
    resourceId: c.resourceId,
    wholeContext: c.wholeContext,
    opaque: c.opaque || unknown,
  };
}

function visit(expr: unknown, c: Collected): void {
  if (!expr || typeof expr !== "object") return;
  const [op, body] = Object.entries(expr)[0] ?? [];
  if (op === undefined) return;
  switch (op) {
    case "Value":
      if (JSON.stringify(body).includes('"__entity"')) c.opaque = true;
      return;
    case "Slot":
      return;
    case "Var":
      // A variable used as a value, not as the left side of an attribute read.
      if (body === "principal" || body === "resource") c.opaque = true;
      else if (body === "context") c.wholeContext = true;
      return;
    case "Record":
      for (const value of Object.values(body as Record<string, unknown>)) visit(value, c);
      return;
    case "Set":
      for (const value of body as unknown[]) visit(value, c);
      return;
    case ".":
    case "has": {
      const { left, attr } = body as { left: unknown; attr: string };
      const root = variableOf(left);
      if (root) {
        c[root].add(attr);
        return;
      }
      visit(left, c);
      return;
    }
  }
  // Every other operator: its operands, whatever they are called (left, right,
  // arg, if/then/else, in, extension call arguments…).
  if (Array.isArray(body)) {
    for (const arg of body) visit(arg, c);
  } else if (body && typeof body === "object") {
    for (const operand of Object.values(body as Record<string, unknown>)) visit(operand, c);
  }
}

function variableOf(expr: unknown): "principal" | "resource" | "context" | null {
  if (!expr || typeof expr !== "object") return null;
  const v = (expr as { Var?: unknown }).Var;
  return v === "principal" || v === "resource" || v === "context" ? v : null;
}

/** How a field the set does not read enters the key: only its shape, which decides whether Cedar accepts the request at all. */
function shapeOf(value: unknown): string {
  if (typeof value === "number") return Number.isSafeInteger(value) ? "i" : "x";
  if (typeof value === "string") return "s";
  if (typeof value === "boolean") return "b";
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? "a" : JSON.stringify(value);
  // A federated workload: present or not is its shape (Cedar accepts either).
  if (typeof value === "object" && value !== null) return "o";
  return JSON.stringify(value ?? null);
}

const PRINCIPAL_FIELDS: Record<string, (r: DecisionRequest) => unknown> = {
  status: (r) => r.agent.status,
  riskTier: (r) => r.agent.riskTier,
  environment: (r) => r.agent.environment,
  owned: (r) => r.agent.owned,
  ceilingAudiences: (r) => r.agent.ceiling.audiences,
  ceilingActions: (r) => r.agent.ceiling.actions,
  maxTtlSeconds: (r) => r.agent.ceiling.maxTtlSeconds,
  requireDpop: (r) => r.agent.requireDpop,
};
const RESOURCE_FIELDS: Record<string, (r: DecisionRequest) => unknown> = { audience: (r) => r.audience, identifier: (r) => r.identifier };
const CONTEXT_FIELDS: Record<string, (r: DecisionRequest) => unknown> = {
  intent: (r) => r.context.intent,
  intentType: (r) => r.context.intentType,
  taskId: (r) => r.context.taskId,
  delegationDepth: (r) => r.context.delegationDepth,
  requestedTtlSeconds: (r) => r.context.requestedTtlSeconds,
  // decide() passes the agent's environment as the request's.
  environment: (r) => r.agent.environment,
  hourUtc: (r) => r.context.hourUtc,
  dayOfWeek: (r) => r.context.dayOfWeek,
  recentRequestsPerMinute: (r) => r.context.recentRequestsPerMinute,
  dpopBound: (r) => r.context.dpopBound,
  grantType: (r) => r.context.grantType,
  workload: (r) => r.context.workload ?? null,
};

/**
 * A key equal for two requests exactly when `reads` cannot tell them apart:
 * the verbs, the values of every field read, the ids when they matter, and the
 * shape (not the value) of everything else. Without `reads` the whole request
 * is the key.
 */
export function replayKey(request: DecisionRequest, reads: InputReads | undefined): string {
  if (!reads || reads.opaque) return JSON.stringify(request);
  const pick = (fields: Record<string, (r: DecisionRequest) => unknown>, read: readonly string[] | "all") =>
    Object.entries(fields).map(([name, get]) => (read === "all" || read.includes(name) ? JSON.stringify(get(request)) : shapeOf(get(request))));
  return JSON.stringify([
    request.actions,
    reads.principalId ? request.agent.id : shapeOf(request.agent.id),
    reads.resourceId ? request.audience : shapeOf(request.audience),
    pick(PRINCIPAL_FIELDS, reads.principal),
    pick(RESOURCE_FIELDS, reads.resource),
    pick(CONTEXT_FIELDS, reads.wholeContext ? "all" : reads.context),
  ]);
}
