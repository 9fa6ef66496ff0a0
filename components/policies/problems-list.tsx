"use client";
// What the check found, as a list a person can act on: compile errors at
// their line and column, then failing test cases.
import { errorMessage } from "@/lib/client/api";
import type { PolicyCheck } from "@/lib/client/policy-types";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";

export type ParsedTests = { ok: true; cases: PolicyTestCase[] } | { ok: false; error: string };

export function parseTests(text: string): ParsedTests {
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return { ok: false, error: "The test cases must be a JSON array." };
    return { ok: true, cases: value as PolicyTestCase[] };
  } catch (e) {
    return { ok: false, error: `The test cases are not valid JSON: ${(e as Error).message}` };
  }
}

export function ProblemsList({ id, check, checking, checkError, tests }: { id: string; check: PolicyCheck | null; checking: boolean; checkError: unknown; tests: ParsedTests }) {
  const failed = check?.tests?.failed ?? [];
  return (
    <section id={id} aria-label="Problems" aria-live="polite" className="rounded-md border border-zinc-200 bg-white p-3 text-sm">
      <h2 className="mb-2 flex items-center gap-2 font-semibold text-zinc-900">
        Problems
        {checking && <span className="text-xs font-normal text-zinc-500">checking…</span>}
      </h2>
      {checkError ? <p className="text-red-700">{errorMessage(checkError)}</p> : null}
      {!tests.ok && <p className="text-red-700">{tests.error}</p>}
      {check && check.errors.length > 0 && (
        <ul className="space-y-1">
          {check.errors.map((e, i) => (
            <li key={i} className="text-red-800">
              <span className="font-mono font-semibold">{e.line ? `Line ${e.line}, column ${e.column}` : e.source === "schema" ? "Schema" : "Policy set"}:</span> {e.message}
            </li>
          ))}
        </ul>
      )}
      {check && check.errors.length === 0 && (
        <p className="text-emerald-800">
          Valid against the schema: {check.policies} {check.policies === 1 ? "policy" : "policies"}.
          {check.tests && ` ${check.tests.passed} test case${check.tests.passed === 1 ? "" : "s"} pass${failed.length ? `, ${failed.length} fail` : ""}.`}
        </p>
      )}
      {failed.length > 0 && (
        <ul className="mt-2 space-y-1">
          {failed.map((f) => (
            <li key={f.name} className="text-red-800">
              Test “{f.name}”: expected {f.expected}
              {f.expectedReasons ? ` (${f.expectedReasons.join(", ") || "no rules"})` : ""}, got {f.actual} ({[...new Set(f.reasons.map((r) => r.policyId))].join(", ")})
            </li>
          ))}
        </ul>
      )}
      {check && check.warnings.length > 0 && (
        <ul className="mt-2 space-y-1">
          {check.warnings.map((w, i) => (
            <li key={i} className="text-amber-800">
              Warning{w.line ? ` at line ${w.line}, column ${w.column}` : ""}: {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
