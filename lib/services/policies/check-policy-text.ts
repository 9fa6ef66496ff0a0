// Checks policy text as its author types: strict validation against the active
// schema (errors at line and column), the draft's test cases, and Cedar's own
// formatter. Nothing is stored; checks compile under a scratch id (see
// CompileInput.scratchId) so typing does not fill Cedar's cache.
import { formatPolicies } from "@/lib/domain/policy/cedar-engine";
import { compilePolicySet } from "@/lib/domain/policy/policy-set";
import { runPolicyTests, type PolicyTestCase, type PolicyTestFailure } from "@/lib/domain/policy/run-policy-tests";
import { lineColumnAt } from "@/lib/domain/policy/source-location";
import { AppError } from "@/lib/errors";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { findActiveRow } from "./policy-records";

export function failingTestsError(failed: PolicyTestFailure[]): AppError {
  const describe = (f: PolicyTestFailure) => `${f.name}: expected ${f.expected}${f.expectedReasons ? ` (${f.expectedReasons.join(", ") || "no reasons"})` : ""}, got ${f.actual} (${[...new Set(f.reasons.map((r) => r.policyId))].join(", ")})`;
  return new AppError("validation_failed", `${failed.length} policy test case(s) fail: ${failed.slice(0, 5).map(describe).join("; ")}`, {
    invalidParams: failed.slice(0, 50).map((f) => ({ name: "tests", reason: describe(f) })),
  });
}

export async function checkPolicyText(ctx: ServiceContext, actor: Actor, input: { text: string; tests?: PolicyTestCase[] }) {
  requirePermission(actor, "policies:draft");
  await getActivePolicy(ctx);
  const active = await findActiveRow(ctx.db);
  const compiled = compilePolicySet({ version: active.version + 1, text: input.text, schemaText: active.schemaText, scratchId: "check" });
  if (!compiled.ok) return { ok: false as const, errors: compiled.errors, warnings: [], policies: 0, tests: null };
  const report = input.tests ? runPolicyTests(compiled.snapshot, input.tests) : null;
  return {
    ok: !report || report.failed.length === 0,
    errors: [],
    warnings: compiled.snapshot.warnings,
    policies: Object.keys(compiled.snapshot.policies).length,
    tests: report,
  };
}

export function formatPolicyText(actor: Actor, text: string) {
  requirePermission(actor, "policies:draft");
  const answer = formatPolicies({ policyText: text, lineWidth: 100, indentWidth: 2 });
  if (answer.type === "failure") {
    const params = answer.errors.map((e) => {
      const start = e.sourceLocations?.[0]?.start;
      const at = start === undefined ? null : lineColumnAt(text, start);
      return { name: "text", reason: `${at ? `line ${at.line}, column ${at.column}: ` : ""}${e.message}` };
    });
    throw new AppError("validation_failed", `the policy text cannot be formatted until it parses: ${params[0]?.reason ?? "parse error"}`, { invalidParams: params });
  }
  return { text: answer.formatted_policy };
}
