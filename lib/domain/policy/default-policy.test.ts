import { describe, expect, it } from "vitest";
import { loadDefaultPolicyTests } from "./load-default";
import { allowedRequest, compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";
import { runPolicyTests, type PolicyTestCase } from "./run-policy-tests";

const snapshot = compileDefaultOrThrow();
const cases = loadDefaultPolicyTests(PROJECT_ROOT);

describe("policies/default.tests.json", () => {
  it("passes every case against policies/default.cedar", () => {
    const report = runPolicyTests(snapshot, cases);
    expect(report.failed).toEqual([]);
    expect(report.passed).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it("exercises every policy in the default set and every outcome", () => {
    const named = new Set(cases.flatMap((c) => c.expectReasons ?? []));
    for (const policyId of Object.keys(snapshot.policies)) expect(named, policyId).toContain(policyId);
    expect(new Set(cases.map((c) => c.expect))).toEqual(new Set(["ALLOW", "DENY", "STEP_UP"]));
  });
});

describe("runPolicyTests", () => {
  const allowRead: PolicyTestCase = { name: "read", request: allowedRequest(), expect: "ALLOW" };

  it("reports a wrong outcome with what was decided", () => {
    const report = runPolicyTests(snapshot, [allowRead, { ...allowRead, name: "wrong", expect: "DENY" }]);
    expect(report.passed).toBe(1);
    expect(report.failed).toEqual([
      { name: "wrong", expected: "DENY", actual: "ALLOW", reasons: [expect.objectContaining({ policyId: "allow-within-ceiling" })] },
    ]);
  });

  it("requires exactly the listed reasons", () => {
    const request = allowedRequest({ agent: { owned: false, status: "SUSPENDED" } });
    const partial = { name: "partial", request, expect: "DENY" as const, expectReasons: ["agent-not-owned"] };
    expect(runPolicyTests(snapshot, [partial]).failed).toEqual([expect.objectContaining({ name: "partial", expectedReasons: ["agent-not-owned"] })]);
    expect(runPolicyTests(snapshot, [{ ...partial, expectReasons: ["agent-not-active", "agent-not-owned"] }]).failed).toEqual([]);
  });

  it("does not let a malformed request pass as an expected DENY", () => {
    const malformed = { ...allowRead, name: "typo", request: { ...allowRead.request, context: { intnet: "x" } } as never, expect: "DENY" as const };
    expect(runPolicyTests(snapshot, [malformed]).failed).toEqual([expect.objectContaining({ name: "typo", actual: "DENY" })]);
    expect(runPolicyTests(snapshot, [{ ...malformed, expectReasons: ["evaluation-error"] }]).failed).toEqual([]);
  });
});
