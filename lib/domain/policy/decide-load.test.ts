// The error path under load. On Node 20 a server whose Cedar calls kept
// returning evaluation errors once died with a V8 fatal error, so this drives
// decide() through every denying path — hard deny, step-up, default deny and
// each kind of evaluation error — tens of thousands of times in one process.
import { preparsePolicySet } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { loadPolicySchema } from "./load-default";
import { compilePolicySet } from "./policy-set";
import { allowedRequest, compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";
import type { Decision, DecisionRequest, Outcome, PolicySnapshot } from "./types";

const ITERATIONS = 50_000;
const OUTCOMES: Outcome[] = ["ALLOW", "DENY", "STEP_UP"];

function expectValidDecision(decision: Decision): void {
  expect(OUTCOMES).toContain(decision.outcome);
  expect(typeof decision.policyVersion).toBe("number");
  expect(Array.isArray(decision.perVerb)).toBe(true);
  expect(decision.reasons.length).toBeGreaterThan(0);
  for (const r of decision.reasons) {
    expect(typeof r.policyId === "string" && typeof r.reason === "string" && typeof r.stepUp === "boolean" && typeof r.verb === "string").toBe(true);
  }
}

describe("decide under load on the error path", () => {
  const schemaText = loadPolicySchema(PROJECT_ROOT);
  const snapshot = compileDefaultOrThrow();

  it("refuses to compile a set that would raise evaluation errors", () => {
    // Unvalidated, each of these errors on every request (String ordering, a
    // String treated as a set, a missing attribute, an overflow).
    for (const condition of ['context.verb < "m"', 'context.verb in "x"', "principal.nope", "context.hourUtc * 9223372036854775807 > 0"]) {
      const text = `@id("erroring") @reason("x") forbid(principal, action, resource) when { ${condition} };\n@id("all") @reason("x") permit(principal, action, resource);`;
      expect(compilePolicySet({ version: 1, text, schemaText }).ok, condition).toBe(false);
    }
  });

  it(`stays up and answers a valid Decision ${ITERATIONS} times`, () => {
    const onlyMornings = compilePolicySet({
      version: 2,
      schemaText,
      text: '@id("mornings") @reason("Only before noon.") permit(principal, action, resource) when { context.hourUtc < 12 };',
    });
    if (!onlyMornings.ok) throw new Error(JSON.stringify(onlyMornings.errors));
    // Real evaluation errors need a set compile would refuse, so it is preparsed by hand.
    preparsePolicySet("load-test-overflow", {
      staticPolicies: { overflow: "forbid(principal, action, resource) when { context.requestedTtlSeconds * 9223372036854775807 > 0 };" },
    });
    const overflowing: PolicySnapshot = { ...snapshot, policySetId: "load-test-overflow" };
    const stale: PolicySnapshot = { ...snapshot, policySetId: "never-preparsed" };

    const scenarios: [string, DecisionRequest, PolicySnapshot, Outcome, string][] = [
      ["hard deny", allowedRequest({ agent: { owned: false } }), snapshot, "DENY", "agent-not-owned"],
      ["step-up", allowedRequest({ actions: ["refund"] }), snapshot, "STEP_UP", "step-up-destructive-verb"],
      ["step-up and deny", allowedRequest({ actions: ["read", "delete", "export"] }), snapshot, "DENY", "ceiling-action"],
      ["default deny", allowedRequest({ context: { hourUtc: 14 } }), onlyMornings.snapshot, "DENY", "default-deny"],
      ["never preparsed", allowedRequest(), stale, "DENY", "evaluation-error"],
      ["malformed input", allowedRequest({ context: { requestedTtlSeconds: 0.5 } }), snapshot, "DENY", "evaluation-error"],
      ["evaluation error", allowedRequest({ context: { requestedTtlSeconds: 2 } }), overflowing, "DENY", "evaluation-error"],
      ["not a request", null as unknown as DecisionRequest, snapshot, "DENY", "evaluation-error"],
    ];
    const counts = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      const [name, request, snap, outcome, policyId] = scenarios[i % scenarios.length];
      const decision = decide(request, snap);
      // Cheap checks every time; the full shape check on a sample keeps the loop about decide().
      if (decision.outcome !== outcome || decision.reasons[0]?.policyId !== policyId) {
        throw new Error(`${name} #${i}: ${JSON.stringify(decision)}`);
      }
      if (i % 997 === 0) expectValidDecision(decision);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const elapsed = performance.now() - started;
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(ITERATIONS);
    // Still able to allow afterwards: the engine is healthy, not just denying.
    expect(decide(allowedRequest(), snapshot).outcome).toBe("ALLOW");
    console.info(`decide error-path load: ${ITERATIONS} decisions, ${((elapsed * 1000) / ITERATIONS).toFixed(1)} µs each`);
  }, 180_000);
});
