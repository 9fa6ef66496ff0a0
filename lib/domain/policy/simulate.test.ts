import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { inputsRead, replayKey } from "./input-reads";
import { DEFAULT_POLICY_PATH, loadPolicySchema } from "./load-default";
import { compilePolicySet } from "./policy-set";
import { allowedRequest, compileDefaultOrThrow, PROJECT_ROOT } from "./policy-test-fixtures";
import { combineAnswers, isChange, replayDecisions, type DraftShape, type RecordToReplay } from "./simulate";
import { addedPolicies } from "./policy-delta";
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
      context: ["delegationDepth", "dpopBound", "environment", "requestedTtlSeconds", "verb", "workload"],
      principalId: false,
      resourceId: false,
      wholeContext: false,
      opaque: false,
    });
  });

  it("an entity compared as a value makes its id matter; context as a whole makes all of it matter", () => {
    expect(readsOf('permit(principal == Mandate::Agent::"a", action, resource)')).toMatchObject({ principalId: true, resourceId: false });
    expect(readsOf('permit(principal, action, resource) when { context has intent && context.intent like "*x*" }')).toMatchObject({ opaque: false });
    expect(readsOf('permit(principal, action, resource) when { context == {"verb": "x"} }')).toMatchObject({ wholeContext: true });
    expect(readsOf('permit(principal, action, resource) when { context has intent && context.intent like "*x*" }')).toMatchObject({ context: ["intent"] });
  });

  it("is opaque — the whole request is the key — where the policies' text cannot say what they read", () => {
    // An entity literal in a condition may name the principal; an entity used as a value can have its attributes read indirectly.
    expect(readsOf('permit(principal, action, resource) when { resource == Mandate::Resource::"x" }')).toMatchObject({ opaque: true });
    expect(readsOf('permit(principal, action, resource) when { {"p": principal}.p.riskTier == "LOW" }')).toMatchObject({ opaque: true });
    expect(readsOf('permit(principal, action, resource) when { [resource].contains(resource) }')).toMatchObject({ opaque: true });
    // An attribute this module has no field for (a schema newer than its table).
    expect(readsOf('permit(principal, action, resource) when { principal has nickname }')).toMatchObject({ opaque: true });
    expect(readsOf('permit(principal, action, resource) when { context.weather == "fine" }')).toMatchObject({ opaque: true });
    expect(readsOf('permit(principal, action, resource) when { principal has toString }')).toMatchObject({ opaque: true });
    // Operands under any name are walked: `is … in`, `like`, if-then-else, extension calls.
    expect(readsOf('permit(principal, action, resource) when { if context.dpopBound then ip(context.intent).isLoopback() else principal.owned }')).toMatchObject({ context: ["dpopBound", "intent"], principal: ["owned"], opaque: false });
    const opaque = readsOf('permit(principal, action, resource) when { principal == Mandate::Agent::"a" }');
    const request = allowedRequest();
    expect(replayKey(request, opaque)).toBe(JSON.stringify(request));
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

describe("a draft that only adds policies", () => {
  it("is recognised, and anything else is not", () => {
    expect(addedPolicies(DEFAULT_TEXT, NO_UPDATES)).toEqual([expect.stringContaining('@id("no-updates")')]);
    expect(addedPolicies(DEFAULT_TEXT, `// a new comment\n${DEFAULT_TEXT}\n\n`)).toEqual([]);
    expect(addedPolicies(DEFAULT_TEXT, DEFAULT_TEXT.replace("context.delegationDepth > 2", "context.delegationDepth > 3"))).toBeNull();
    expect(addedPolicies(DEFAULT_TEXT, DEFAULT_TEXT.replace(/@id\("ceiling-ttl"\)[\s\S]*?\};/, ""))).toBeNull();
    expect(addedPolicies(DEFAULT_TEXT, "not cedar")).toBeNull();
  });

  it("combines Cedar's answers the way Cedar decides the union", () => {
    const allow = { type: "answer" as const, decision: "allow" as const, determining: ["p"], errors: [] };
    const forbid = { type: "answer" as const, decision: "deny" as const, determining: ["f"], errors: [] };
    const nothing = { type: "answer" as const, decision: "deny" as const, determining: [], errors: [] };
    expect(combineAnswers(allow, nothing)).toEqual(allow);
    expect(combineAnswers(nothing, nothing)).toEqual(nothing);
    expect(combineAnswers(allow, forbid)).toEqual(forbid);
    expect(combineAnswers(forbid, { ...forbid, determining: ["g"] })).toMatchObject({ decision: "deny", determining: ["f", "g"] });
    expect(combineAnswers({ ...allow, errors: ["x: overflow"] }, nothing)).toMatchObject({ errors: ["x: overflow"] });
    expect(combineAnswers({ type: "failure", errors: ["bad context"] }, allow)).toEqual({ type: "failure", errors: ["bad context"] });
  });

  it("replays exactly like the whole draft and like decide(), request by request", () => {
    const text = `${AFTER_HOURS}
@id("no-exports-to-crm")
@reason("Nothing is exported to the CRM.")
forbid (principal, action == Mandate::Action::"request", resource) when { resource.audience == "https://crm.internal" && context.verb == "export" };
@id("review-lists")
@reason("Lists are reviewed.")
@stepUp("true")
forbid (principal, action == Mandate::Action::"request", resource) when { context.verb == "list" && context.requestedTtlSeconds > 600 };
@id("permit-reads-beyond-ceiling")
@reason("Reads are fine.")
permit (principal, action == Mandate::Action::"request", resource) when { context.verb == "read" };`;
    const draft = compile(text, 7);
    const added = addedPolicies(DEFAULT_TEXT, text)!;
    expect(added).toHaveLength(4);
    const addedSnapshot = compile(added.join("\n"), 8);
    let seed = 11;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    const requests: DecisionRequest[] = [];
    for (let i = 0; i < 400; i++) {
      requests.push(allowedRequest({
        actions: [["read"], ["list"], ["export"], ["refund"], ["read", "list", "export"], ["update", "delete"], []][rand(7)],
        audience: ["https://billing.internal", "https://crm.internal"][rand(2)],
        agent: { owned: rand(9) !== 0, status: rand(13) === 0 ? "SUSPENDED" : "ACTIVE", environment: ["staging", "production"][rand(2)], riskTier: ["LOW", "HIGH"][rand(2)], ceiling: { audiences: ["https://billing.internal", "https://crm.internal"].slice(0, 1 + rand(2)), actions: ["read", "list", "export", "refund", "update"] } },
        // Now and then a malformed request, which must fail closed the same way on every path.
        context: { hourUtc: rand(24), requestedTtlSeconds: [300, 900, 1200][rand(3)], dpopBound: rand(2) === 0, ...(rand(40) === 0 ? { delegationDepth: 0.5 } : {}) },
      }));
    }
    const records = requests.map((r) => record(r));
    const normalise = (result: ReturnType<typeof replayDecisions>) => ({
      ...result,
      evaluations: null,
      changes: result.changes.map((c) => ({ ...c, fromRules: [...c.fromRules].sort((x, y) => x.policyId.localeCompare(y.policyId)), toRules: [...c.toRules].sort((x, y) => x.policyId.localeCompare(y.policyId)) })),
    });
    const shapes: DraftShape[] = [{ kind: "whole" }, { kind: "adds", added: addedSnapshot }];
    const [whole, adds] = shapes.map((shape) => replayDecisions(records, active, draft, { shape, maxChanges: 1000 }));
    expect(normalise(adds)).toEqual(normalise(whole));
    expect(adds.evaluations.active + adds.evaluations.draft).toBeLessThan(whole.evaluations.active + whole.evaluations.draft);
    // …and both agree with decide() on every request.
    const expected = requests.map((r) => [decide(r, active), decide(r, draft)] as const);
    expect(whole.changed).toBe(expected.filter(([b, a]) => isChange(b, a)).length);
    const byId = new Map(adds.changes.map((c) => [c.decisionId, c]));
    expected.forEach(([b, a], i) => {
      const change = byId.get(records[i].id);
      if (!isChange(b, a)) return expect(change).toBeUndefined();
      expect(change).toMatchObject({ from: b.outcome, to: a.outcome });
      expect(change!.toRules.map((r) => r.policyId).sort()).toEqual([...new Set(a.reasons.map((r) => r.policyId))].sort());
    });
    expect(whole.changed).toBeGreaterThan(20);
  });

  it("adding nothing changes nothing, without evaluating the draft at all", () => {
    const same = compile(`// reworded comment\n${DEFAULT_TEXT}`, 9);
    const result = replayDecisions([record(allowedRequest()), record(allowedRequest({ actions: ["refund"] }))], active, same, { shape: { kind: "adds", added: null } });
    expect(result).toMatchObject({ changed: 0, evaluations: { draft: 0 } });
  });
});
