// Strict validation rules out runtime *type* errors, but Cedar can still fail
// while evaluating a well-typed policy: integer arithmetic can overflow, an
// entity literal that is not in the request's entities cannot be read, and
// datetime arithmetic can overflow. An erroring policy is skipped by Cedar —
// so an erroring forbid silently stops forbidding — and a process that kept
// hitting evaluation errors has crashed under load before. The default set
// needs none of these constructs, so a set that uses them is refused rather
// than trusted to be evaluated safely.
import type { PolicyJson } from "@cedar-policy/cedar-wasm/nodejs";

const ARITHMETIC = new Set(["+", "-", "*", "neg"]);
// Datetime methods that can overflow (cedar's datetime extension).
const OVERFLOWING_CALLS = new Set(["offset", "durationSince", "toDate"]);
const CHILD_KEYS = ["left", "right", "arg", "if", "then", "else", "in"] as const;

/** Why one construct in a policy could fail at request time. */
export function findRuntimeRisks(policy: PolicyJson): string[] {
  const risks = new Set<string>();
  for (const clause of policy.conditions) visit(clause.body, risks);
  return [...risks];
}

function visit(expr: unknown, risks: Set<string>): void {
  if (!expr || typeof expr !== "object") return;
  const [op, body] = Object.entries(expr)[0] ?? [];
  if (op === undefined) return;
  switch (op) {
    case "Value": // literal data: its keys are not operators
    case "Var":
    case "Slot":
      return;
    case "Record":
      for (const value of Object.values(body as Record<string, unknown>)) visit(value, risks);
      return;
    case "Set":
      for (const value of body as unknown[]) visit(value, risks);
      return;
  }
  if (ARITHMETIC.has(op)) {
    risks.add(`integer arithmetic (\`${op === "neg" ? "-" : op}\`) can overflow at request time; compare against precomputed values instead`);
  }
  if (op === "." && !isReadableAtRuntime((body as { left: unknown }).left)) {
    risks.add("reading an attribute of an entity literal fails when that entity is not part of the request; use principal, resource or context attributes");
  }
  if (OVERFLOWING_CALLS.has(op)) {
    risks.add(`datetime arithmetic (\`${op}\`) can overflow at request time`);
  }
  if (Array.isArray(body)) {
    for (const arg of body) visit(arg, risks); // extension call arguments
  } else if (body && typeof body === "object") {
    const node = body as Record<string, unknown>;
    for (const key of CHILD_KEYS) visit(node[key], risks);
  }
}

// The broker always supplies the principal, the resource, the action and the
// context, so attribute chains rooted in them (or in a record literal) exist;
// anything else could name an entity the request does not carry.
function isReadableAtRuntime(expr: unknown): boolean {
  if (!expr || typeof expr !== "object") return false;
  const [op, body] = Object.entries(expr)[0] ?? [];
  if (op === "Var" || op === "Record") return true;
  if (op === ".") return isReadableAtRuntime((body as { left: unknown }).left);
  return false;
}
