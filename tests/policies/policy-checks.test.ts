// The editor's server side: checks as one types (line and column), Cedar's
// formatter, what-if side by side, and reading versions and diffs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { DEFAULT_POLICY_PATH, loadDefaultPolicyTests } from "@/lib/domain/policy/load-default";
import { allowedRequest } from "@/lib/domain/policy/policy-test-fixtures";
import type { Actor } from "@/lib/services/context";
import { checkPolicyText, formatPolicyText } from "@/lib/services/policies/check-policy-text";
import { createPolicyDraft } from "@/lib/services/policies/create-policy-draft";
import { whatIfPolicyDraft } from "@/lib/services/policies/what-if-policy";
import { diffPolicyVersions, getPolicyOverview, getPolicyVersion } from "@/lib/services/policies/read-policies";

const t = useTestDatabase();
const DEFAULT_TEXT = readFileSync(path.join(process.cwd(), DEFAULT_POLICY_PATH), "utf8");
let lead: Actor;

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
});

describe("checkPolicyText", () => {
  it("accepts the shipped set and runs its tests", async () => {
    const check = await checkPolicyText(t.ctx(), lead, { text: DEFAULT_TEXT, tests: loadDefaultPolicyTests(process.cwd()) });
    expect(check).toMatchObject({ ok: true, errors: [], policies: 11, tests: { failed: [] } });
  });

  it("points a syntax error at its line and column", async () => {
    const text = '@id("a")\n@reason("b")\npermit (principal, action, resource)\nwhen { context.verb == "read" && };\n';
    const check = await checkPolicyText(t.ctx(), lead, { text });
    expect(check.ok).toBe(false);
    expect(check.errors[0]).toMatchObject({ line: 4, column: expect.any(Number), source: "policies" });
  });

  it("points a schema error (an attribute that does not exist) at its line", async () => {
    const text = `${DEFAULT_TEXT}\n@id("typo")\n@reason("x")\nforbid (principal, action, resource)\nwhen { context.verbb == "update" };\n`;
    const check = await checkPolicyText(t.ctx(), lead, { text });
    expect(check.errors[0]).toMatchObject({ line: 123, policyId: "typo", message: expect.stringContaining("verbb") });
  });

  it("reports failing test cases without refusing the check", async () => {
    const [first] = loadDefaultPolicyTests(process.cwd());
    const check = await checkPolicyText(t.ctx(), lead, { text: DEFAULT_TEXT, tests: [{ ...first, expect: "DENY" }] });
    expect(check).toMatchObject({ ok: false, errors: [], tests: { passed: 0, failed: [expect.objectContaining({ name: first.name, actual: "ALLOW" })] } });
  });

  it("is for people who may draft policy", async () => {
    await expect(checkPolicyText(t.ctx(), await seedUser(t.ctx(), "AUDITOR"), { text: DEFAULT_TEXT })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("formatPolicyText", () => {
  it("formats with Cedar's formatter and keeps comments", () => {
    const { text } = formatPolicyText(lead, '// keep me\n@id("a") @reason("b") forbid(principal,action,resource) when {context.verb=="x"};');
    expect(text).toBe('// keep me\n@id("a")\n@reason("b")\nforbid (principal, action, resource)\nwhen { context.verb == "x" };\n');
  });

  it("refuses text that does not parse, naming the line", () => {
    expect(() => formatPolicyText(lead, '@id("a")\npermit (principal, action, resource)\nwhen {')).toThrow(expect.objectContaining({ code: "validation_failed", invalidParams: [expect.objectContaining({ reason: expect.stringMatching(/^line 3, column \d+/) })] }));
  });
});

describe("what-if", () => {
  it("decides one request under the active set and the draft, side by side", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "No refunds", text: `${DEFAULT_TEXT}\n@id("no-refunds")\n@reason("Refunds are off.")\nforbid (principal, action, resource) when { context.verb == "refund" };\n` });
    const answer = await whatIfPolicyDraft(t.ctx(), lead, draft.id, allowedRequest({ actions: ["read", "refund"] }));
    expect(answer.active).toMatchObject({ version: 1, outcome: "STEP_UP", reasons: [expect.objectContaining({ policyId: "step-up-destructive-verb" })] });
    expect(answer.draft).toMatchObject({ revision: 1, outcome: "DENY", reasons: [expect.objectContaining({ policyId: "no-refunds" })], perVerb: [{ verb: "read", outcome: "ALLOW" }, { verb: "refund", outcome: "DENY" }] });
  });
});

describe("reading policy", () => {
  it("shows the shipped default as version 1 with its exact text, the schema and the library", async () => {
    const auditor = await seedUser(t.ctx(), "AUDITOR");
    const overview = await getPolicyOverview(t.ctx(), auditor);
    expect(overview).toMatchObject({ activeVersion: 1, versions: [{ version: 1, status: "ACTIVE", author: null, approver: null }], schemaText: expect.stringContaining("namespace Mandate") });
    expect(overview.library.map((r) => r.id)).toContain("agent-not-owned");
    expect(await getPolicyVersion(t.ctx(), auditor, 1)).toMatchObject({ text: DEFAULT_TEXT, previousVersion: null });
    expect(await diffPolicyVersions(t.ctx(), auditor, 1, 1)).toEqual({ from: 1, to: 1, added: 0, removed: 0, hunks: [] });
    await expect(getPolicyVersion(t.ctx(), auditor, 2)).rejects.toMatchObject({ code: "not_found" });
  });
});
