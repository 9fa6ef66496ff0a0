import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answerMemo, BROKER_MEMO } from "./answer-memo";
import { decide } from "./decide";
import { DEFAULT_POLICY_PATH, loadPolicySchema } from "./load-default";
import { compilePolicySet } from "./policy-set";
import { allowedRequest, compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";
import type { Decision, DecisionRequest, PolicySnapshot, Reason } from "./types";

const schemaText = loadPolicySchema(PROJECT_ROOT);
const DEFAULT_TEXT = readFileSync(path.join(PROJECT_ROOT, DEFAULT_POLICY_PATH), "utf8");
const defaultSet = compileDefaultOrThrow();

function compile(extra: string, version: number): PolicySnapshot {
  const r = compilePolicySet({ version, text: `${DEFAULT_TEXT}\n${extra}`, schemaText });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.snapshot;
}

const rule = (id: string, when: string) => `@id("${id}")\n@reason("test rule ${id}")\nforbid (principal, action == Mandate::Action::"request", resource) when { ${when} };`;

// Sets that read more than the default does, each in another way the memo's key must follow.
const SETS: [string, PolicySnapshot][] = [
  ["the default set", defaultSet],
  ["a set reading the hour and the rate signal", compile(rule("night-refunds", 'context.verb == "refund" && context.hourUtc < 6') + "\n" + rule("burst", "context.recentRequestsPerMinute > 30"), 2)],
  ["a set reading the intent text", compile(rule("no-payroll", 'context.intent like "*payroll*"'), 3)],
  ["a set naming one agent in its scope", compile('@id("agent-7-no-list")\n@reason("no")\nforbid (principal == Mandate::Agent::"agent-7", action == Mandate::Action::"request", resource) when { context.verb == "list" };', 4)],
  ["a set comparing the principal with an entity literal (opaque)", compile(rule("literal", 'context.verb == "update" && principal == Mandate::Agent::"agent-2"'), 5)],
  ["a set using the context as a whole", compile(rule("whole-context", '{"c": context}.c.verb == "list" && {"c": context}.c.hourUtc < 6'), 6)],
];

/** A deterministic stream of requests that differ in every field some set above reads, and in some no set reads. */
function requests(count: number): DecisionRequest[] {
  let state = 0x2545f491;
  const pick = <T,>(values: readonly T[]): T => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return values[(state >>> 8) % values.length];
  };
  return Array.from({ length: count }, (_, i) =>
    allowedRequest({
      agent: {
        id: pick(["agent-1", "agent-2", "agent-7"]),
        status: pick(["ACTIVE", "ACTIVE", "SUSPENDED"]),
        riskTier: pick(["LOW", "LOW", "HIGH", "CRITICAL"]),
        owned: pick([true, true, false]),
        environment: pick(["staging", "production"]),
      },
      audience: pick(["https://billing.internal", "https://hr.internal"]),
      actions: pick([["read"], ["list"], ["update"], ["refund"], ["read", "refund"], ["export"]]),
      context: {
        intent: pick(["Reconcile invoices", "Run payroll export", "Tidy up"]),
        taskId: `task-${i}`,
        hourUtc: pick([2, 14]),
        requestedTtlSeconds: pick([300, 900, 901]),
        delegationDepth: pick([0, 3]),
        dpopBound: pick([true, false]),
        recentRequestsPerMinute: pick([1, 31]),
      },
    }),
  );
}

/** Cedar names the policies that determined an answer in no fixed order. */
function normalised(decision: Decision): Decision {
  const byId = (a: Reason, b: Reason) => a.policyId.localeCompare(b.policyId) || a.verb.localeCompare(b.verb);
  return { ...decision, reasons: [...decision.reasons].sort(byId), perVerb: decision.perVerb.map((v) => ({ ...v, reasons: [...v.reasons].sort(byId) })) };
}

describe("answerMemo", () => {
  it.each(SETS)("gives the same decision as asking Cedar every time: %s", (_name, snapshot) => {
    const memo = answerMemo(snapshot, BROKER_MEMO);
    // Twice over: the second pass meets every kind of request again.
    const batch = requests(400);
    for (const request of [...batch, ...batch]) expect(normalised(decide(request, snapshot, memo))).toEqual(normalised(decide(request, snapshot)));
  });

  it("asks Cedar once per kind of request the set can tell apart, not once per request", () => {
    const memo = answerMemo(defaultSet, BROKER_MEMO);
    // Task ids, intents, hours, rate signals and agent ids differ, but the default set reads none of them.
    const verbs = ["read", "update", "refund"];
    for (let i = 0; i < 300; i++) {
      const request = allowedRequest({ agent: { id: `agent-${i % 7}` }, actions: [verbs[i % 3]], context: { taskId: `task-${i}`, intent: `intent ${i}`, hourUtc: i % 24, recentRequestsPerMinute: i } });
      decide(request, defaultSet, memo);
    }
    expect(memo.size).toBe(3);
    // A field it reads makes another kind.
    decide(allowedRequest({ context: { requestedTtlSeconds: 301 } }), defaultSet, memo);
    expect(memo.size).toBe(4);
  });

  it("keeps nothing for a set whose reads cannot be pinned down", () => {
    const opaque = SETS.find(([name]) => name.includes("opaque"))![1];
    expect(opaque.reads?.opaque).toBe(true);
    const memo = answerMemo(opaque, BROKER_MEMO);
    for (const request of requests(50)) decide(request, opaque, memo);
    expect(memo.size).toBe(0);
  });

  it("holds at most its capacity, dropping the oldest answer first", () => {
    const memo = answerMemo(defaultSet, { ...BROKER_MEMO, capacity: 3 });
    const verbs = ["read", "list", "update", "refund"];
    for (const verb of verbs) decide(allowedRequest({ actions: [verb] }), defaultSet, memo);
    expect(memo.size).toBe(3);
    // "read" went first: asking for it again evaluates (and evicts "list").
    let evaluated = 0;
    memo.answer(allowedRequest(), "read", () => {
      evaluated += 1;
      return { type: "answer", decision: "allow", determining: ["allow-within-ceiling"], errors: [] };
    });
    memo.answer(allowedRequest(), "update", () => {
      evaluated += 1;
      return { type: "answer", decision: "deny", determining: [], errors: [] };
    });
    expect(evaluated).toBe(1);
  });

  it("never keeps an evaluation error or a refused request (the broker asks again), unless told to", () => {
    const unknownToCedar: PolicySnapshot = { ...defaultSet, policySetId: "never-preparsed" };
    const broker = answerMemo(unknownToCedar, BROKER_MEMO);
    const keeping = answerMemo(unknownToCedar, { ...BROKER_MEMO, keepErrors: true });
    for (const memo of [broker, keeping]) {
      const decision = decide(allowedRequest(), unknownToCedar, memo);
      expect(decision.outcome).toBe("DENY");
      expect(decision.reasons.map((r) => r.policyId)).toEqual(["evaluation-error"]);
    }
    expect(broker.size).toBe(0);
    expect(keeping.size).toBe(1);
  });

  it("is ignored by decide() when it belongs to another set", () => {
    const other = SETS[1][1];
    const memo = answerMemo(other, BROKER_MEMO);
    const request = allowedRequest({ actions: ["refund"], context: { hourUtc: 2 } });
    expect(decide(request, defaultSet, memo)).toEqual(decide(request, defaultSet));
    expect(memo.size).toBe(0);
  });

  it("hands out answers nobody can change", () => {
    const memo = answerMemo(defaultSet, BROKER_MEMO);
    decide(allowedRequest(), defaultSet, memo);
    const answer = memo.answer(allowedRequest(), "read", () => {
      throw new Error("should have been remembered");
    });
    expect(Object.isFrozen(answer)).toBe(true);
    expect(answer.type === "answer" && Object.isFrozen(answer.determining)).toBe(true);
  });
});
