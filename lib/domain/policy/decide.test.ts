import { preparsePolicySet } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { allowedRequest, compileDefaultOrThrow } from "./policy-test-fixtures";
import type { DecisionRequest, Outcome, PolicySnapshot } from "./types";

const snapshot = compileDefaultOrThrow();
const ids = (reasons: { policyId: string }[]) => [...new Set(reasons.map((r) => r.policyId))].sort();

describe("decide over the default set", () => {
  const table: [string, DecisionRequest, Outcome, string[]][] = [
    ["read within the ceiling", allowedRequest(), "ALLOW", ["allow-within-ceiling"]],
    ["unowned", allowedRequest({ agent: { owned: false } }), "DENY", ["agent-not-owned"]],
    ["suspended", allowedRequest({ agent: { status: "SUSPENDED" } }), "DENY", ["agent-not-active"]],
    ["audience outside ceiling", allowedRequest({ audience: "https://hr.internal" }), "DENY", ["ceiling-audience"]],
    ["verb outside ceiling", allowedRequest({ actions: ["export"] }), "DENY", ["ceiling-action"]],
    ["ttl at the maximum", allowedRequest({ context: { requestedTtlSeconds: 900 } }), "ALLOW", ["allow-within-ceiling"]],
    ["ttl over the maximum", allowedRequest({ context: { requestedTtlSeconds: 901 } }), "DENY", ["ceiling-ttl"]],
    ["delegation depth 2", allowedRequest({ context: { delegationDepth: 2 } }), "ALLOW", ["allow-within-ceiling"]],
    ["delegation depth 3", allowedRequest({ context: { delegationDepth: 3 } }), "DENY", ["delegation-too-deep"]],
    ["HIGH risk without DPoP", allowedRequest({ agent: { riskTier: "HIGH" } }), "DENY", ["dpop-required"]],
    ["HIGH risk with DPoP", allowedRequest({ agent: { riskTier: "HIGH" }, context: { dpopBound: true } }), "ALLOW", ["allow-within-ceiling"]],
    ["refund", allowedRequest({ actions: ["refund"] }), "STEP_UP", ["step-up-destructive-verb"]],
    ["production write", allowedRequest({ agent: { environment: "production" }, actions: ["update"] }), "STEP_UP", ["step-up-production-write"]],
    ["production read", allowedRequest({ agent: { environment: "production" } }), "ALLOW", ["allow-within-ceiling"]],
    ["step-up and deny", allowedRequest({ actions: ["refund"], agent: { owned: false } }), "DENY", ["agent-not-owned"]],
    ["read + refund", allowedRequest({ actions: ["read", "refund"] }), "STEP_UP", ["step-up-destructive-verb"]],
    ["read + refund + export", allowedRequest({ actions: ["read", "refund", "export"] }), "DENY", ["ceiling-action"]],
    ["no actions", allowedRequest({ actions: [] }), "DENY", ["no-actions"]],
  ];
  it.each(table)("%s → %s", (_name, request, outcome, reasons) => {
    const decision = decide(request, snapshot);
    expect(decision.outcome).toBe(outcome);
    expect(ids(decision.reasons)).toEqual([...reasons].sort());
    expect(decision.policyVersion).toBe(1);
  });

  it("decides each verb once and keeps every verb's answer", () => {
    const decision = decide(allowedRequest({ actions: ["read", "refund", "read", "export"] }), snapshot);
    expect(decision.perVerb.map((v) => [v.verb, v.outcome])).toEqual([
      ["read", "ALLOW"],
      ["refund", "STEP_UP"],
      ["export", "DENY"],
    ]);
    // Only the reasons behind the overall outcome; the step-up is moot.
    expect(decision.reasons).toEqual([expect.objectContaining({ policyId: "ceiling-action", verb: "export", stepUp: false })]);
  });

  it("carries the @reason text and the step-up flag", () => {
    const [reason] = decide(allowedRequest({ actions: ["refund"] }), snapshot).reasons;
    expect(reason).toEqual({ policyId: "step-up-destructive-verb", verb: "refund", stepUp: true, reason: expect.stringMatching(/human must approve/) });
  });

  it("uses the agent's environment as the request's environment", () => {
    expect(decide(allowedRequest({ agent: { environment: "production" }, actions: ["update"] }), snapshot).outcome).toBe("STEP_UP");
    expect(decide(allowedRequest({ agent: { environment: "staging" }, actions: ["update"] }), snapshot).outcome).toBe("ALLOW");
  });
});

describe("decide fails closed", () => {
  const evaluationError = (decision: ReturnType<typeof decide>) => {
    expect(decision.outcome).toBe("DENY");
    expect(ids(decision.reasons)).toEqual(["evaluation-error"]);
  };

  it("denies with a snapshot Cedar never preparsed", () => {
    evaluationError(decide(allowedRequest(), { ...snapshot, policySetId: "never-preparsed" }));
    evaluationError(decide(allowedRequest(), { ...snapshot, schemaName: "never-preparsed" }));
  });

  it.each([
    ["a fractional lifetime", allowedRequest({ context: { requestedTtlSeconds: 1.5 } })],
    ["a NaN depth", allowedRequest({ context: { delegationDepth: Number.NaN } })],
    ["a lifetime beyond 64 bits", allowedRequest({ context: { requestedTtlSeconds: 2 ** 70 } })],
    ["a missing context field", { ...allowedRequest(), context: { intent: "x" } } as unknown as DecisionRequest],
    ["a string where a boolean belongs", allowedRequest({ agent: { owned: "yes" as unknown as boolean } })],
  ])("denies %s", (_name, request) => {
    evaluationError(decide(request, snapshot));
  });

  it("denies instead of throwing on a request that is not a request", () => {
    evaluationError(decide(null as unknown as DecisionRequest, snapshot));
    evaluationError(decide({ actions: ["read"] } as unknown as DecisionRequest, snapshot));
    const decision = decide(allowedRequest(), null as unknown as PolicySnapshot);
    evaluationError(decision);
    expect(decision.policyVersion).toBe(0);
  });

  it("denies when a policy errors, even though Cedar itself answers allow", () => {
    // compilePolicySet refuses arithmetic, so this set is preparsed by hand to
    // reach the branch: the forbid overflows, Cedar skips it and allows.
    const policySetId = "test-overflowing-forbid";
    preparsePolicySet(policySetId, {
      staticPolicies: {
        "allow-all": 'permit(principal, action == Mandate::Action::"request", resource);',
        "overflowing-forbid": 'forbid(principal, action, resource) when { context.requestedTtlSeconds * 1000000000000 > 0 };',
      },
    });
    const overflowing = { ...snapshot, policySetId };
    expect(decide(allowedRequest({ context: { requestedTtlSeconds: 0 } }), overflowing).outcome).toBe("ALLOW");
    // A forbid the snapshot has no annotations for counts as a hard deny.
    expect(decide(allowedRequest({ context: { requestedTtlSeconds: 1 } }), overflowing).reasons).toEqual([
      expect.objectContaining({ policyId: "overflowing-forbid", stepUp: false }),
    ]);
    const decision = decide(allowedRequest({ context: { requestedTtlSeconds: 10_000_000 } }), overflowing);
    evaluationError(decision);
    expect(decision.reasons[0].reason).toMatch(/overflowing-forbid: integer overflow/);
  });
});
