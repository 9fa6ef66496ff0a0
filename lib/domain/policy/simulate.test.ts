import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { inputsRead, replayKey } from "./input-reads";
import { DEFAULT_POLICY_PATH, loadPolicySchema } from "./load-default";
import { compilePolicySet } from "./policy-set";
import { allowedRequest, compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";
import { isChange, replayDecisions, type RecordToReplay } from "./simulate";
import type { DecisionRequest, PolicySnapshot } from "./types";
import { policyToJson } from "./cedar-engine";

const schemaText = loadPolicySchema(PROJECT_ROOT);
const DEFAULT_TEXT = readFileSync(path.join(PROJECT_ROOT, DEFAULT_POLICY_PATH), "utf8");
const active = compileDefaultOrThrow();

function compile(text: string, version = 2): PolicySnapshot {
  const r = compilePolicySet({ version, text, schemaText });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.snapshot;
}

const NO_UPDATES = `${DEFAULT_TEXT}
@id("no-updates")
@reason("Updates are frozen.")
forbid (principal, action == Mandate::Action::"request", resource) when { context.verb == "update" };`;
const AFTER_HOURS = `${DEFAULT_TEXT}
@id("no-night-refunds")
@reason("Refunds only in office hours.")
forbid (principal, action == Mandate::Action::"request", resource) when { context.verb == "refund" && context.hourUtc < 6 };`;

let n = 0;
function record(request: DecisionRequest, outcome = decide(request, active).outcome): RecordToReplay {
  n += 1;
  return { id: `d${n}`, agentId: request.agent.id, agentName: `agent ${request.agent.id}`, createdAt: new Date(1_800_000_000_000 + n).toISOString(), grantType: "client_credentials", outcome, policyVersion: 1, input: JSON.stringify({ request, dpopJkt: null }) };
}

describe("replayDecisions: the draft's effect against the active set", () => {
  it("counts old → new outcomes and lists exactly the changed decisions with agent, action and rules", () => {
    const records = [
      record(allowedRequest({ actions: ["read"] })),
      record(allowedRequest({ actions: ["update"] })),
      record(allowedRequest({ actions: ["update"], context: { intent: "another task" } })),
      record(allowedRequest({ actions: ["refund"] })),
      record(allowedRequest({ actions: ["update"], agent: { owned: false } })),
    ];
    const result = replayDecisions(records, active, compile(NO_UPDATES));
    // The unowned agent's update stays denied, now by two rules: that is a change too.
    expect(result).toMatchObject({ replayed: 5, unreadable: 0, changed: 3 });
    expect(result.transitions).toEqual([
      { from: "ALLOW", to: "ALLOW", count: 1 },
      { from: "ALLOW", to: "DENY", count: 2 },
      { from: "STEP_UP", to: "STEP_UP", count: 1 },
      { from: "DENY", to: "DENY", count: 1 },
    ]);
    expect(result.changes.map((c) => c.decisionId)).toEqual([records[1].id, records[2].id, records[4].id]);
    expect(result.changes[2]).toMatchObject({ from: "DENY", to: "DENY", toRules: expect.arrayContaining([expect.objectContaining({ policyId: "agent-not-owned" }), expect.objectContaining({ policyId: "no-updates" })]) });
    expect(result.changes[0]).toMatchObject({
      agentId: "agent-1",
      agentName: "agent agent-1",
      actions: ["update"],
      audience: "https://billing.internal",
      from: "ALLOW",
      to: "DENY",
      fromRules: [{ policyId: "allow-within-ceiling", reason: expect.any(String) }],
      toRules: [{ policyId: "no-updates", reason: "Updates are frozen." }],
      recorded: { outcome: "ALLOW", policyVersion: 1 },
    });
  });

  it("compares with the active set, not the recorded outcome (which may come from a guard or an older version)", () => {
    // Recorded as DENY by the rate guard; both sets allow it: no change.
    const result = replayDecisions([record(allowedRequest(), "DENY")], active, compile(NO_UPDATES));
    expect(result).toMatchObject({ changed: 0, transitions: [{ from: "ALLOW", to: "ALLOW", count: 1 }] });
  });

  it("the same set changes nothing", () => {
    const records = [record(allowedRequest()), record(allowedRequest({ actions: ["refund", "delete"] })), record(allowedRequest({ agent: { status: "SUSPENDED" } }))];
    expect(replayDecisions(records, active, compile(DEFAULT_TEXT, 3))).toMatchObject({ changed: 0, changes: [] });
  });

  it("a denial for other rules is a change; which rule allowed is not", () => {
    const a = { outcome: "DENY" as const, policyVersion: 1, perVerb: [], reasons: [{ policyId: "x", reason: "", stepUp: false, verb: "read" }] };
    expect(isChange(a, { ...a, reasons: [{ ...a.reasons[0], policyId: "y" }] })).toBe(true);
    expect(isChange(a, { ...a, reasons: [a.reasons[0], a.reasons[0]] })).toBe(false);
    const allowed = { ...a, outcome: "ALLOW" as const };
    expect(isChange(allowed, { ...allowed, reasons: [{ ...a.reasons[0], policyId: "y" }] })).toBe(false);
  });

  it("counts unreadable rows and skips them", () => {
    const bad: RecordToReplay = { ...record(allowedRequest()), input: "{not json" };
    const noRequest: RecordToReplay = { ...record(allowedRequest()), input: '{"something":"else"}' };
    expect(replayDecisions([bad, noRequest, record(allowedRequest())], active, compile(NO_UPDATES))).toMatchObject({ replayed: 1, unreadable: 2 });
  });

  it("keeps at most maxChanges changed rows but counts them all", () => {
    const records = Array.from({ length: 30 }, (_, i) => record(allowedRequest({ actions: ["update"], context: { intent: `task ${i}` } })));
    const result = replayDecisions(records, active, compile(NO_UPDATES), { maxChanges: 10 });
    expect(result.changed).toBe(30);
    expect(result.changes).toHaveLength(10);
  });

  it("memoises: requests a set cannot tell apart are decided once, and the answers equal unmemoised decide()", () => {
    const draft = compile(AFTER_HOURS);
    const requests: DecisionRequest[] = [];
    for (let i = 0; i < 200; i++) {
      requests.push(
        allowedRequest({
          actions: [["read"], ["refund"], ["update", "read"], ["delete"]][i % 4],
          agent: { id: `agent-${i % 3}`, owned: i % 17 !== 0 },
          context: { intent: `task ${i}`, taskId: `t${i}`, hourUtc: i % 24, requestedTtlSeconds: 300 + (i % 2) * 700 },
        }),
      );
    }
    const result = replayDecisions(requests.map((r) => record(r)), active, draft, { maxChanges: 1000 });
    // The default set reads neither the hour, the intent, the task nor the agent id…
    expect(result.evaluations.active).toBeLessThan(40);
    // …the draft reads the hour as well.
    expect(result.evaluations.draft).toBeGreaterThan(result.evaluations.active);
    const expected = requests.filter((r) => decide(r, active).outcome !== decide(r, draft).outcome || isChange(decide(r, active), decide(r, draft))).length;
    expect(result.changed).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });
});

describe("inputsRead and replayKey", () => {
  const readsOf = (text: string) => inputsRead(text.split(";").filter((t) => t.trim()).map((t) => {
    const j = policyToJson(`${t};`);
    if (j.type === "failure") throw new Error(JSON.stringify(j.errors));
    return j.json;
  }));

  it("finds the attributes the default set reads", () => {
    expect(active.reads).toEqual({
      principal: ["ceilingActions", "ceilingAudiences", "maxTtlSeconds", "owned", "requireDpop", "riskTier", "status"],
      resource: ["audience"],
      context: ["delegationDepth", "dpopBound", "environment", "requestedTtlSeconds", "verb"],
      principalId: false,
      resourceId: false,
      wholeContext: false,
    });
  });

  it("an entity compared as a value makes its id matter; context as a whole makes all of it matter", () => {
    expect(readsOf('permit(principal == Mandate::Agent::"a", action, resource)')).toMatchObject({ principalId: true, resourceId: false });
    expect(readsOf('permit(principal, action, resource) when { resource == Mandate::Resource::"x" }')).toMatchObject({ resourceId: true });
    expect(readsOf('permit(principal, action, resource) when { context == {"verb": "x"} }')).toMatchObject({ wholeContext: true });
    expect(readsOf('permit(principal, action, resource) when { context has intent && context.intent like "*x*" }')).toMatchObject({ context: ["intent"] });
  });

  it("keys differ exactly on what is read, and on the shape of everything else", () => {
    const reads = active.reads!;
    const base = allowedRequest();
    expect(replayKey(allowedRequest({ context: { intent: "other", hourUtc: 3 } }), reads)).toBe(replayKey(base, reads));
    expect(replayKey(allowedRequest({ agent: { id: "someone-else" } }), reads)).toBe(replayKey(base, reads));
    expect(replayKey(allowedRequest({ context: { requestedTtlSeconds: 301 } }), reads)).not.toBe(replayKey(base, reads));
    expect(replayKey(allowedRequest({ actions: ["read", "list"] }), reads)).not.toBe(replayKey(base, reads));
    // A malformed unread field is decided differently (evaluation error), so it keys differently.
    expect(replayKey(allowedRequest({ context: { hourUtc: 1.5 } }), reads)).not.toBe(replayKey(base, reads));
    expect(replayKey(base, undefined)).toBe(JSON.stringify(base));
  });
});
