// Policy test cases and what-if requests may carry a federated workload (context.workload).
import { describe, expect, it } from "vitest";
import { loadDefaultPolicyTests } from "@/lib/domain/policy/load-default";
import { PROJECT_ROOT } from "@/lib/domain/policy/policy-test-fixtures";
import { ZPolicyTests } from "./policy";

describe("ZPolicyTests", () => {
  it("accepts the shipped test cases, including the ones with a workload", () => {
    const cases = loadDefaultPolicyTests(PROJECT_ROOT);
    expect(cases.some((c) => c.request.context.workload)).toBe(true);
    expect(ZPolicyTests.safeParse(cases).success).toBe(true);
  });
  it("refuses a workload with non-string claims or unknown fields", () => {
    const [withWorkload] = loadDefaultPolicyTests(PROJECT_ROOT).filter((c) => c.request.context.workload);
    const bad = (workload: unknown) => ZPolicyTests.safeParse([{ ...withWorkload, request: { ...withWorkload.request, context: { ...withWorkload.request.context, workload } } }]).success;
    expect(bad({ ...withWorkload.request.context.workload, claims: { ref: 7 } })).toBe(false);
    expect(bad({ ...withWorkload.request.context.workload, extra: "x" })).toBe(false);
  });
});
