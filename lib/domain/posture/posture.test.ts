import { describe, expect, it } from "vitest";
import { evaluateUnowned } from "./unowned";
import { evaluateDormant } from "./dormant";
import { evaluateOverPrivileged } from "./over-privileged";
import { evaluateRiskyBehaviour } from "./risky-behaviour";
import { evaluateCredentialHygiene } from "./credential-hygiene";
import { diffFindings, evaluateAgentPosture, type ComputedFinding } from "./evaluate";
import { countFindings, trendPoints } from "./summary";
import { daysAgo, healthyAgent, hoursAgo, NOW, THRESHOLDS, withActivity } from "./fixtures";
import type { AgentPostureInput } from "./types";

const owned = healthyAgent().ownership!;
const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule);

describe("a healthy agent", () => {
  it("has no findings at all", () => {
    expect(evaluateAgentPosture(healthyAgent(), NOW, THRESHOLDS)).toEqual([]);
  });
  it("a decommissioned agent has none, whatever its state", () => {
    expect(evaluateAgentPosture(healthyAgent({ status: "DECOMMISSIONED", ownership: null, requireDpop: false, activity: { ...healthyAgent().activity, lastRequestAt: null } }), NOW, { ...THRESHOLDS, dpopTiers: ["LOW", "HIGH", "CRITICAL"] })).toEqual([]);
  });
});

describe("unowned", () => {
  it.each([
    ["no owner ever named, CRITICAL", { riskTier: "CRITICAL", ownership: null }, "NO_OWNER", "CRITICAL"],
    ["no owner, LOW tier", { riskTier: "LOW", ownership: null }, "NO_OWNER", "MEDIUM"],
    ["owner deactivated", { ownership: { ...owned, ownerActive: false, ownerDeactivatedAt: hoursAgo(1) } }, "OWNER_DEACTIVATED", "HIGH"],
  ] as const)("%s → %s %s", (_n, patch, rule, severity) => {
    const found = evaluateUnowned(healthyAgent(patch as Partial<AgentPostureInput>), NOW, THRESHOLDS).filter((f) => f.rule !== "BACKUP_OWNER_MISSING");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "UNOWNED", rule, severity });
  });

  it("dates a deactivated owner's finding from the deactivation", () => {
    const [f] = evaluateUnowned(healthyAgent({ ownership: { ...owned, ownerActive: false, ownerDeactivatedAt: hoursAgo(5) } }), NOW, THRESHOLDS);
    expect(f.since).toEqual(hoursAgo(5));
  });

  it("gives a new owner the grace period to acknowledge, then flags it", () => {
    const pending = (h: number) => healthyAgent({ ownership: { ...owned, assignedAt: hoursAgo(h), acknowledgedAt: null } });
    expect(evaluateUnowned(pending(71), NOW, THRESHOLDS)).toEqual([]);
    const [f] = evaluateUnowned(pending(72), NOW, THRESHOLDS);
    expect(f).toMatchObject({ rule: "ACKNOWLEDGEMENT_OVERDUE", severity: "MEDIUM", since: NOW, details: { ownerId: "owner-1", graceHours: 72 } });
    expect(rules(evaluateUnowned(pending(100), NOW, { ...THRESHOLDS, acknowledgementGraceHours: 200 }))).toEqual([]);
  });

  it("a handover to a new owner is unowned at once until acknowledged (no grace: the agent was owned)", () => {
    const handover = healthyAgent({ ownership: { ...owned, assignedAt: hoursAgo(1), acknowledgedAt: null, isHandover: true } });
    expect(evaluateUnowned(handover, NOW, THRESHOLDS)).toMatchObject([{ rule: "HANDOVER_UNACKNOWLEDGED", severity: "HIGH", since: hoursAgo(1) }]);
    expect(evaluateUnowned(healthyAgent({ ownership: { ...owned, isHandover: true } }), NOW, THRESHOLDS)).toEqual([]);
  });

  it("wants an active backup owner for CRITICAL agents only", () => {
    expect(rules(evaluateUnowned(healthyAgent({ riskTier: "CRITICAL", ownership: { ...owned, backupOwnerId: null, backupActive: null } }), NOW, THRESHOLDS))).toEqual(["BACKUP_OWNER_MISSING"]);
    expect(rules(evaluateUnowned(healthyAgent({ riskTier: "CRITICAL", ownership: { ...owned, backupActive: false } }), NOW, THRESHOLDS))).toEqual(["BACKUP_OWNER_MISSING"]);
    expect(evaluateUnowned(healthyAgent({ riskTier: "CRITICAL" }), NOW, THRESHOLDS)).toEqual([]);
    expect(evaluateUnowned(healthyAgent({ riskTier: "HIGH", ownership: { ...owned, backupOwnerId: null, backupActive: null } }), NOW, THRESHOLDS)).toEqual([]);
  });

  it("still applies to a suspended agent", () => {
    expect(rules(evaluateUnowned(healthyAgent({ status: "SUSPENDED", ownership: null }), NOW, THRESHOLDS))).toEqual(["NO_OWNER"]);
  });
});

describe("dormant", () => {
  it("flags an ACTIVE agent without a request for N days, dated from its last request", () => {
    const a = withActivity({ lastRequestAt: daysAgo(31) });
    const [f] = evaluateDormant(a, NOW, THRESHOLDS);
    expect(f).toMatchObject({ kind: "DORMANT", rule: "NO_RECENT_REQUESTS", severity: "MEDIUM", since: daysAgo(31), details: { idleDays: 31, thresholdDays: 30 } });
    expect(evaluateDormant(withActivity({ lastRequestAt: daysAgo(29) }), NOW, THRESHOLDS)).toEqual([]);
    expect(evaluateDormant(withActivity({ lastRequestAt: daysAgo(29) }), NOW, { ...THRESHOLDS, dormantDays: 7 })).toHaveLength(1);
  });
  it("dates an agent that never asked from its registration, and ignores young or suspended ones", () => {
    expect(evaluateDormant(withActivity({ lastRequestAt: null }), NOW, THRESHOLDS)[0].since).toEqual(daysAgo(60));
    expect(evaluateDormant({ ...withActivity({ lastRequestAt: null }), createdAt: daysAgo(3) }, NOW, THRESHOLDS)).toEqual([]);
    expect(evaluateDormant({ ...withActivity({ lastRequestAt: daysAgo(90) }), status: "SUSPENDED" }, NOW, THRESHOLDS)).toEqual([]);
  });
});

describe("over-privileged", () => {
  const wide = (allowed: AgentPostureInput["activity"]["allowed"]): AgentPostureInput => ({
    ...withActivity({ allowed }),
    ceiling: { audiences: ["https://billing.internal", "https://crm.internal"], actions: ["read", "refund", "delete"], maxTtlSeconds: 600 },
  });
  it("shows used vs granted when part of the ceiling was never used", () => {
    const [f] = evaluateOverPrivileged(wide([{ audience: "https://billing.internal", actions: ["read"] }, { audience: "https://elsewhere.internal", actions: ["write"] }]), NOW, THRESHOLDS);
    expect(f).toMatchObject({
      kind: "OVER_PRIVILEGED",
      rule: "UNUSED_CEILING",
      severity: "MEDIUM",
      details: { usedActions: ["read"], unusedActions: ["refund", "delete"], usedAudiences: ["https://billing.internal"], unusedAudiences: ["https://crm.internal"], windowDays: 30 },
    });
  });
  it("is silent when everything was used, nothing was used (that is dormancy), or the agent is younger than the window", () => {
    expect(evaluateOverPrivileged(healthyAgent(), NOW, THRESHOLDS)).toEqual([]);
    expect(evaluateOverPrivileged(wide([]), NOW, THRESHOLDS)).toEqual([]);
    expect(evaluateOverPrivileged({ ...wide([{ audience: "https://billing.internal", actions: ["read"] }]), createdAt: daysAgo(10) }, NOW, THRESHOLDS)).toEqual([]);
  });
});

describe("risky behaviour", () => {
  it.each([
    ["10 denials", { denials: { count: 10, first: hoursAgo(30) } }, "REPEATED_DENIALS", "MEDIUM"],
    ["50 denials", { denials: { count: 50, first: hoursAgo(30) } }, "REPEATED_DENIALS", "HIGH"],
    ["a rate-guard suspension", { rateGuardSuspensions: { count: 1, first: hoursAgo(3) } }, "RATE_GUARD_SUSPENSION", "HIGH"],
    ["a denied step-up", { stepUpDenials: { count: 1, first: hoursAgo(3) } }, "STEP_UP_DENIED", "MEDIUM"],
    ["three denied step-ups", { stepUpDenials: { count: 3, first: hoursAgo(3) } }, "STEP_UP_DENIED", "HIGH"],
    ["a policy-drift revocation", { policyDriftRevocations: { count: 2, first: hoursAgo(9) } }, "POLICY_DRIFT_REVOCATIONS", "MEDIUM"],
  ] as const)("%s → %s %s, dated from the first", (_n, patch, rule, severity) => {
    const found = evaluateRiskyBehaviour(withActivity(patch), NOW, THRESHOLDS);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "RISKY_BEHAVIOUR", rule, severity });
    expect(found[0].since).toEqual(Object.values(patch)[0].first);
  });
  it("nine denials are not repeated", () => {
    expect(evaluateRiskyBehaviour(withActivity({ denials: { count: 9, first: hoursAgo(1) } }), NOW, THRESHOLDS)).toEqual([]);
  });
});

describe("credential hygiene", () => {
  it("flags a ceiling lifetime above the configured maximum", () => {
    const a = healthyAgent({ ceiling: { ...healthyAgent().ceiling, maxTtlSeconds: 7200 } });
    expect(evaluateCredentialHygiene(a, NOW, THRESHOLDS)).toMatchObject([{ kind: "CREDENTIAL_HYGIENE", rule: "LIFETIME_ABOVE_MAXIMUM", details: { ceilingMaxTtlSeconds: 7200, configuredMaxTtlSeconds: 3600 } }]);
    expect(evaluateCredentialHygiene(a, NOW, { ...THRESHOLDS, maxCredentialTtlSeconds: 7200 })).toEqual([]);
  });
  it("flags DPoP not required where the tier demands it", () => {
    const low = healthyAgent({ riskTier: "LOW", requireDpop: false });
    expect(evaluateCredentialHygiene(low, NOW, THRESHOLDS)).toEqual([]);
    expect(rules(evaluateCredentialHygiene(low, NOW, { ...THRESHOLDS, dpopTiers: ["LOW", "HIGH", "CRITICAL"] }))).toEqual(["DPOP_NOT_REQUIRED"]);
  });
  it("flags keys older than the rotation period, naming them, dated from when they fell due", () => {
    const a = healthyAgent({ keys: [{ kid: "old", addedAt: daysAgo(100) }, { kid: "new", addedAt: daysAgo(5) }] });
    const [f] = evaluateCredentialHygiene(a, NOW, THRESHOLDS);
    expect(f).toMatchObject({ rule: "KEY_ROTATION_OVERDUE", since: daysAgo(10), details: { keys: [{ kid: "old", ageDays: 100 }], rotationDays: 90 } });
    expect(evaluateCredentialHygiene(healthyAgent({ keys: [{ kid: "k", addedAt: daysAgo(89) }] }), NOW, THRESHOLDS)).toEqual([]);
  });
});

describe("diffing against open findings", () => {
  const computed = (rule: ComputedFinding["rule"], severity: ComputedFinding["severity"] = "HIGH", details = {}): ComputedFinding => ({ agentId: "a", rule, kind: "UNOWNED", severity, since: NOW, details });
  it("opens new, touches unchanged, changes altered and resolves vanished findings", () => {
    const open = [
      { id: "1", agentId: "a", rule: "NO_OWNER", severity: "HIGH", details: "{}" },
      { id: "2", agentId: "a", rule: "OWNER_DEACTIVATED", severity: "HIGH", details: "{}" },
      { id: "3", agentId: "a", rule: "BACKUP_OWNER_MISSING", severity: "HIGH", details: "{}" },
    ];
    const d = diffFindings([computed("NO_OWNER"), computed("OWNER_DEACTIVATED", "CRITICAL"), computed("NO_RECENT_REQUESTS")], open);
    expect(d.toTouch).toEqual(["1"]);
    expect(d.toChange).toEqual([{ id: "2", severity: "CRITICAL", details: "{}" }]);
    expect(d.toOpen.map((f) => f.rule)).toEqual(["NO_RECENT_REQUESTS"]);
    expect(d.toResolve.map((f) => f.id)).toEqual(["3"]);
  });
});

describe("summary and trend", () => {
  it("counts by kind and severity", () => {
    const c = countFindings([{ kind: "UNOWNED", severity: "CRITICAL", count: 2 }, { kind: "DORMANT", severity: "LOW", count: 3 }, { kind: "BOGUS", severity: "LOW", count: 9 }]);
    expect(c).toMatchObject({ total: 5, byKind: { UNOWNED: 2, DORMANT: 3, OVER_PRIVILEGED: 0 }, bySeverity: { CRITICAL: 2, LOW: 3, HIGH: 0 } });
  });
  it("keeps the last run of each bucket and invents none", () => {
    const runs = [
      { finishedAt: new Date("2026-11-22T10:05:00Z"), openTotal: 4, bySeverity: { HIGH: 4 } },
      { finishedAt: new Date("2026-11-22T10:55:00Z"), openTotal: 6, bySeverity: { HIGH: 5, LOW: 1 } },
      { finishedAt: new Date("2026-11-22T13:00:00Z"), openTotal: 1, bySeverity: { LOW: 1 } },
    ];
    expect(trendPoints(runs, "hour")).toEqual([
      { bucket: "2026-11-22T10", total: 6, CRITICAL: 0, HIGH: 5, MEDIUM: 0, LOW: 1 },
      { bucket: "2026-11-22T13", total: 1, CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 1 },
    ]);
    expect(trendPoints(runs, "day")).toEqual([{ bucket: "2026-11-22", total: 1, CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 1 }]);
  });
});
