import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_PATH } from "./load-default";
import { policyLibrary, RULE_EXPLANATIONS } from "./library";
import { compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";

describe("the library of shipped rules", () => {
  const library = policyLibrary(readFileSync(path.join(PROJECT_ROOT, DEFAULT_POLICY_PATH), "utf8"));

  it("has every shipped rule, with its text and an explanation, and no explanation for a rule that does not ship", () => {
    const shipped = Object.keys(compileDefaultOrThrow().policies);
    expect(library.map((r) => r.id)).toEqual(shipped);
    expect(Object.keys(RULE_EXPLANATIONS).sort()).toEqual([...shipped].sort());
    for (const rule of library) {
      expect(rule.text).toContain(`@id("${rule.id}")`);
      expect(rule.explanation.length).toBeGreaterThan(60);
    }
  });

  it("explains why destructive verbs step up and why unowned agents are denied", () => {
    const byId = Object.fromEntries(library.map((r) => [r.id, r]));
    expect(byId["step-up-destructive-verb"]).toMatchObject({ effect: "forbid", stepUp: true, explanation: expect.stringMatching(/human must approve/) });
    expect(byId["agent-not-owned"]).toMatchObject({ effect: "forbid", stepUp: false, explanation: expect.stringMatching(/accountable/) });
  });
});
