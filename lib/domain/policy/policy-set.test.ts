import { describe, expect, it } from "vitest";
import { loadDefaultPolicyFiles, loadPolicySchema } from "./load-default";
import { compilePolicySet, type CompileResult } from "./policy-set";
import { allowedRequest, PROJECT_ROOT } from "./policy-test-fixtures";
import { decide } from "./decide";
import type { CompileError } from "./types";

const schemaText = loadPolicySchema(PROJECT_ROOT);
const compile = (text: string, version = 7) => compilePolicySet({ version, text, schemaText });
const errorsOf = (result: CompileResult): CompileError[] => {
  if (result.ok) throw new Error("expected the set to be refused");
  return result.errors;
};
const policy = (id: string, body: string, extra = "") => `@id("${id}")\n@reason("Because.")\n${extra}${body}\n`;
const ACTION = 'action == Mandate::Action::"request"';

describe("compilePolicySet", () => {
  it("compiles the shipped default set without errors or warnings", () => {
    const result = compilePolicySet(loadDefaultPolicyFiles(PROJECT_ROOT));
    expect(result).toMatchObject({ ok: true, snapshot: { version: 1, warnings: [] } });
  });

  it("compiles a valid custom set and keeps its annotations in source order", () => {
    const text = [
      policy("night-writes", `forbid(principal, ${ACTION}, resource) when { context.hourUtc < 6 && context.verb != "read" };`, '@stepUp("true")\n'),
      policy("everything-else", `permit(principal, ${ACTION}, resource);`),
    ].join("\n");
    const result = compile(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.snapshot.version).toBe(7);
    expect(Object.entries(result.snapshot.policies)).toEqual([
      ["night-writes", { reason: "Because.", stepUp: true }],
      ["everything-else", { reason: "Because.", stepUp: false }],
    ]);
  });

  it("gives the same text the same cache ids and different text different ones", () => {
    const text = policy("p", `permit(principal, ${ACTION}, resource);`);
    const [a, b, c] = [compile(text), compile(text), compile(text + " ")];
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected all three to compile");
    expect(a.snapshot.policySetId).toBe(b.snapshot.policySetId);
    expect(c.snapshot.policySetId).not.toBe(a.snapshot.policySetId);
    expect(compile(text, 8)).toMatchObject({ ok: true, snapshot: { policySetId: expect.not.stringMatching(a.snapshot.policySetId) } });
  });

  it("reports a syntax error with its line and column", () => {
    const text = policy("ok", `permit(principal, ${ACTION}, resource);`) + "\n" + policy("broken", "forbid(principal, action, resource)\n  when { context.verb == };");
    const [error] = errorsOf(compile(text));
    // Line 8 is "  when { context.verb == };" (after a blank line 4); the `}` is column 26.
    expect(error).toMatchObject({ line: 8, column: 26, source: "policies", message: expect.stringMatching(/unexpected token `}`/) });
  });

  it("counts columns in characters, not the bytes Cedar reports", () => {
    const text = '@id("é") @reason("Café, naïve, résumé.") permit(principal, action, resource) when { nope };';
    expect(errorsOf(compile(text))[0]).toMatchObject({ line: 1, column: text.indexOf("nope") + 1 });
  });

  it.each([
    ["`in` on a String", 'context.verb in "delete"'],
    ["`<` on Strings", 'context.verb < "m"'],
    ["an attribute that does not exist", "principal.owner == context.taskId"],
    ["a Long compared with a String", 'context.hourUtc == "14"'],
  ])("refuses %s (strict validation)", (_name, condition) => {
    const text = policy("ok", `permit(principal, ${ACTION}, resource);`) + policy("typed-wrong", `forbid(principal, ${ACTION}, resource) when { ${condition} };`);
    const errors = errorsOf(compile(text));
    expect(errors.length).toBeGreaterThan(0);
    // Diagnostics name the policy by its @id and point into its condition (line 6, after the head).
    for (const error of errors) {
      expect(error).toMatchObject({ policyId: "typed-wrong", source: "policies", line: 6 });
      expect(error.column).toBeGreaterThan(text.split("\n")[5].indexOf("when"));
    }
  });

  it.each([
    ["arithmetic", "context.requestedTtlSeconds * 60 > 86400", /overflow/],
    ["negation", "-context.hourUtc < -20", /overflow/],
    ["an entity literal's attribute", 'Mandate::Agent::"root".owned', /entity literal/],
  ])("refuses %s, which could error at request time", (_name, condition, message) => {
    const text = policy("risky", `forbid(principal, ${ACTION}, resource) when { ${condition} };`) + policy("ok", `permit(principal, ${ACTION}, resource);`);
    expect(errorsOf(compile(text))).toEqual([expect.objectContaining({ policyId: "risky", line: 1, column: 1, message: expect.stringMatching(message) })]);
  });

  it.each([
    ["a missing @id", `@reason("x") permit(principal, ${ACTION}, resource);`, /needs an @id/],
    ["an empty @id", `@id("") @reason("x") permit(principal, ${ACTION}, resource);`, /needs an @id/],
    ["a duplicate @id", policy("twice", `permit(principal, ${ACTION}, resource);`) + policy("twice", `forbid(principal, ${ACTION}, resource);`), /used by more than one/],
    ["a missing @reason", `@id("quiet") permit(principal, ${ACTION}, resource);`, /needs a @reason/],
    ["a reserved id", policy("default-deny", `permit(principal, ${ACTION}, resource);`), /reserved/],
    ["@stepUp on a permit", policy("odd", `permit(principal, ${ACTION}, resource);`, '@stepUp("true")\n'), /only a forbid/],
    ["@stepUp with another value", policy("odd", `forbid(principal, ${ACTION}, resource);`, '@stepUp("yes")\n'), /must be "true"/],
    ["a template", policy("t", `permit(principal == ?principal, ${ACTION}, resource);`), /templates/],
    ["an empty set", "// nothing here\n", /empty/],
  ])("refuses %s", (_name, text, message) => {
    expect(errorsOf(compile(text))).toContainEqual(expect.objectContaining({ message: expect.stringMatching(message) }));
  });

  it("locates a duplicate @id at the second policy", () => {
    const text = policy("twice", `permit(principal, ${ACTION}, resource);`) + policy("twice", `forbid(principal, ${ACTION}, resource);`);
    expect(errorsOf(compile(text))).toEqual([expect.objectContaining({ policyId: "twice", line: 4, column: 1 })]);
  });

  it("refuses a broken schema and points into the schema", () => {
    const result = compilePolicySet({ version: 1, text: policy("p", "permit(principal, action, resource);"), schemaText: "namespace Mandate {\n  entity Agent = { owned: Bool }\n}" });
    expect(errorsOf(result)).toEqual([expect.objectContaining({ source: "schema", line: 3, column: 1 })]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses version %s", (version) => {
    expect(errorsOf(compile(policy("p", `permit(principal, ${ACTION}, resource);`), version))[0].message).toMatch(/version/);
  });

  it("keeps validator warnings on the snapshot without refusing the set", () => {
    const text = policy("p", `permit(principal, ${ACTION}, resource);`) + policy("never", `forbid(principal, ${ACTION}, resource) when { false };`);
    const result = compile(text);
    expect(result).toMatchObject({ ok: true, snapshot: { warnings: [expect.objectContaining({ policyId: "never", message: expect.stringMatching(/impossible/) })] } });
  });
});

describe("compiling under a scratch id", () => {
  it("overwrites the previous scratch set, so a check per keystroke does not pile up sets in Cedar", () => {
    const schemaText = loadPolicySchema(PROJECT_ROOT);
    const allow = compilePolicySet({ version: 2, schemaText, scratchId: "unit", text: '@id("all") @reason("r") permit (principal, action, resource);' });
    const deny = compilePolicySet({ version: 2, schemaText, scratchId: "unit", text: '@id("none") @reason("r") permit (principal, action, resource) when { context.verb == "never" };' });
    if (!allow.ok || !deny.ok) throw new Error("does not compile");
    expect(allow.snapshot.policySetId).toBe(deny.snapshot.policySetId);
    // The first snapshot now decides with the second text: it is valid only until the next compile.
    expect(decide(allowedRequest(), allow.snapshot).outcome).toBe("DENY");
    expect(decide(allowedRequest(), deny.snapshot).reasons[0].policyId).toBe("default-deny");
    const fresh = compilePolicySet({ version: 2, schemaText, text: '@id("all") @reason("r") permit (principal, action, resource);' });
    expect(fresh.ok && fresh.snapshot.policySetId).toMatch(/^mandate-policies-v2-/);
  });
});
