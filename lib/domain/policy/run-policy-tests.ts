// Runs a policy set's own test cases against a compiled snapshot. A set whose
// tests fail must not be activated, so this is a gate, and it is strict: a
// case passes only on the expected outcome AND (when listed) exactly the
// expected reasons.
import { decide } from "./decide";
import type { Decision, DecisionRequest, Outcome, PolicySnapshot, Reason } from "./types";

export type PolicyTestCase = {
  name: string;
  request: DecisionRequest;
  expect: Outcome;
  /** Policy ids that must make up the decision's reasons, in any order. */
  expectReasons?: string[];
};

export type PolicyTestFailure = {
  name: string;
  expected: Outcome;
  actual: Outcome;
  reasons: Reason[];
  /** Present when the outcome matched but the reasons did not. */
  expectedReasons?: string[];
};

export type PolicyTestReport = { passed: number; failed: PolicyTestFailure[] };

export function runPolicyTests(snapshot: PolicySnapshot, cases: readonly PolicyTestCase[]): PolicyTestReport {
  let passed = 0;
  const failed: PolicyTestFailure[] = [];
  for (const testCase of cases) {
    const decision = decide(testCase.request, snapshot);
    const failure = check(testCase, decision);
    if (failure) failed.push(failure);
    else passed += 1;
  }
  return { passed, failed };
}

function check(testCase: PolicyTestCase, decision: Decision): PolicyTestFailure | null {
  const base = { name: testCase.name, expected: testCase.expect, actual: decision.outcome, reasons: decision.reasons };
  if (decision.outcome !== testCase.expect) return base;
  const actualIds = new Set(decision.reasons.map((r) => r.policyId));
  // A malformed test request is denied with "evaluation-error"; without this
  // rule every such case expecting DENY would pass without testing anything.
  if (actualIds.has("evaluation-error") && !testCase.expectReasons?.includes("evaluation-error")) {
    return { ...base, expectedReasons: testCase.expectReasons ?? [] };
  }
  if (testCase.expectReasons && !sameSet(actualIds, new Set(testCase.expectReasons))) {
    return { ...base, expectedReasons: testCase.expectReasons };
  }
  return null;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
