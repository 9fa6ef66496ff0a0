// context.workload: what a federated agent's platform token tells policy.
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { replayKey } from "./input-reads";
import { allowedRequest, compileDefaultOrThrow } from "./policy-test-fixtures";
import type { DecisionRequest } from "./types";

const snapshot = compileDefaultOrThrow();

function deploy(workload: DecisionRequest["context"]["workload"], verb = "deploy"): DecisionRequest {
  return allowedRequest({
    agent: { ceiling: { audiences: ["https://deploy.internal"], actions: ["deploy", "deploy-staging", "read"] } },
    audience: "https://deploy.internal",
    actions: [verb],
    context: { workload },
  });
}
const github = (claims: Record<string, string>) => ({
  trustConfigurationId: "trust-1",
  issuer: "https://token.actions.githubusercontent.com",
  subject: `repo:acme/app:ref:${claims.ref ?? "-"}`,
  claims: { repository: "acme/app", ...claims },
});

describe("federated-deploy-from-main (shipped)", () => {
  it("allows a deploy from refs/heads/main", () => {
    expect(decide(deploy(github({ ref: "refs/heads/main" })), snapshot)).toMatchObject({ outcome: "ALLOW" });
  });

  it("denies a deploy from any other ref, naming the rule", () => {
    for (const ref of ["refs/heads/feature", "refs/pull/7/merge", "refs/tags/v1.0.0", "refs/heads/main2"]) {
      const d = decide(deploy(github({ ref })), snapshot);
      expect(d.outcome, ref).toBe("DENY");
      expect(d.reasons.map((r) => r.policyId)).toEqual(["federated-deploy-from-main"]);
    }
    expect(decide(deploy(github({ ref: "refs/heads/feature" }), "deploy-staging"), snapshot).outcome).toBe("DENY");
  });

  it("leaves other verbs, ref-less platforms and key-based agents alone", () => {
    expect(decide(deploy(github({ ref: "refs/heads/feature" }), "read"), snapshot).outcome).toBe("ALLOW");
    expect(decide(deploy({ trustConfigurationId: "t", issuer: "https://kubernetes.default.svc", subject: "system:serviceaccount:ci:deployer", claims: { "kubernetes.io.namespace": "ci" } }), snapshot).outcome).toBe("ALLOW");
    // No workload at all: the optional attribute is absent and the schema still validates the request.
    expect(decide(deploy(undefined), snapshot)).toMatchObject({ outcome: "ALLOW", reasons: [{ policyId: "allow-within-ceiling" }] });
  });

  it("fails closed when a workload claim is not a string (the schema's tags are Strings)", () => {
    const bad = deploy({ ...github({ ref: "refs/heads/main" }), claims: { ref: 7 as unknown as string } });
    expect(decide(bad, snapshot)).toMatchObject({ outcome: "DENY", reasons: [{ policyId: "evaluation-error" }] });
  });
});

describe("replaying decisions with a workload (simulation)", () => {
  it("tells requests apart by their workload only when the set reads it", () => {
    const main = deploy(github({ ref: "refs/heads/main" }));
    const feature = deploy(github({ ref: "refs/heads/feature" }));
    expect(snapshot.reads?.context).toContain("workload");
    expect(replayKey(main, snapshot.reads)).not.toBe(replayKey(feature, snapshot.reads));
    const blind = { ...snapshot.reads!, context: snapshot.reads!.context.filter((c) => c !== "workload") };
    expect(replayKey(main, blind)).toBe(replayKey(feature, blind));
    // Present or absent is still part of the shape.
    expect(replayKey(main, blind)).not.toBe(replayKey(deploy(undefined), blind));
  });
});
