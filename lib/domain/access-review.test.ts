import { describe, expect, it } from "vitest";
import { checkDecision, decodeScope, encodeScope, isInScope, overdueOutcome, progressOf, reminderDue, reviewerFor, validateDueDate, type Scope, type ScopedAgent } from "./access-review";

const agent = (o: Partial<ScopedAgent> = {}): ScopedAgent => ({ id: "a1", status: "ACTIVE", riskTier: "HIGH", environment: "production", ownerId: "o1", backupOwnerId: "b1", ...o });

describe("scope", () => {
  it.each<[Scope, Partial<ScopedAgent>, boolean]>([
    [{ kind: "ALL" }, {}, true],
    [{ kind: "ALL" }, { status: "SUSPENDED" }, true],
    [{ kind: "ALL" }, { status: "DECOMMISSIONED" }, false],
    [{ kind: "TIER", tier: "HIGH" }, {}, true],
    [{ kind: "TIER", tier: "LOW" }, {}, false],
    [{ kind: "ENVIRONMENT", environment: "production" }, {}, true],
    [{ kind: "ENVIRONMENT", environment: "staging" }, {}, false],
    [{ kind: "OWNER", ownerId: "o1" }, {}, true],
    [{ kind: "OWNER", ownerId: "b1" }, {}, true],
    [{ kind: "OWNER", ownerId: "x" }, {}, false],
    [{ kind: "AGENTS", agentIds: ["a1", "a2"] }, {}, true],
    [{ kind: "AGENTS", agentIds: ["a2"] }, {}, false],
    [{ kind: "AGENTS", agentIds: ["a1"] }, { status: "DECOMMISSIONED" }, false],
  ])("%j × %j → %s", (scope, a, expected) => {
    expect(isInScope(scope, agent(a))).toBe(expected);
  });

  it("round-trips through its stored form", () => {
    for (const s of [{ kind: "ALL" }, { kind: "TIER", tier: "CRITICAL" }, { kind: "ENVIRONMENT", environment: "prod" }, { kind: "OWNER", ownerId: "u" }, { kind: "AGENTS", agentIds: ["b", "a"] }] as Scope[]) {
      const { scopeKind, scopeValue } = encodeScope(s);
      expect(decodeScope(scopeKind, scopeValue)).toEqual(s.kind === "AGENTS" ? { kind: "AGENTS", agentIds: ["a", "b"] } : s);
    }
  });
});

describe("reviewer", () => {
  it("is the owner when an active person who can act was named, else the opener", () => {
    expect(reviewerFor({ id: "o", active: true, role: "OWNER" }, "lead")).toEqual({ reviewerId: "o", unowned: false });
    expect(reviewerFor({ id: "o", active: false, role: "OWNER" }, "lead")).toEqual({ reviewerId: "lead", unowned: true });
    expect(reviewerFor({ id: "o", active: true, role: "AUDITOR" }, "lead")).toEqual({ reviewerId: "lead", unowned: true });
    expect(reviewerFor(null, "lead")).toEqual({ reviewerId: "lead", unowned: true });
  });
});

describe("dates", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  it("a due date must be at least a minute and at most a year ahead", () => {
    expect(validateDueDate(new Date(now.getTime() + 30_000), now).ok).toBe(false);
    expect(validateDueDate(new Date(now.getTime() + 120_000), now).ok).toBe(true);
    expect(validateDueDate(new Date(now.getTime() + 400 * 86_400_000), now).ok).toBe(false);
  });

  it("a reminder is due once per lead time reached since the last one, and never after the due date", () => {
    const due = new Date("2026-06-10T12:00:00Z");
    const h = (hours: number) => new Date(due.getTime() - hours * 3_600_000);
    expect(reminderDue(due, null, h(80), [72, 24])).toBeNull();
    expect(reminderDue(due, null, h(71), [72, 24])).toEqual(h(72));
    expect(reminderDue(due, h(71), h(30), [72, 24])).toBeNull();
    expect(reminderDue(due, h(71), h(23), [72, 24])).toEqual(h(24));
    expect(reminderDue(due, h(23), h(1), [72, 24])).toBeNull();
    expect(reminderDue(due, null, due, [72, 24])).toBeNull();
    expect(reminderDue(due, null, h(1), [])).toBeNull();
  });

  it("what the due date does to an agent nobody reviewed", () => {
    expect(overdueOutcome("SUSPEND", "ACTIVE")).toBe("SUSPENDED");
    expect(overdueOutcome("FLAG", "ACTIVE")).toBe("FLAGGED");
    expect(overdueOutcome("SUSPEND", "SUSPENDED")).toBe("ALREADY_INACTIVE");
    expect(overdueOutcome("FLAG", "DECOMMISSIONED")).toBe("ALREADY_INACTIVE");
  });
});

describe("decisions", () => {
  const current = { audiences: ["https://a", "https://b"], actions: ["read", "write"], maxTtlSeconds: 900 };
  const j = "Reviewed with the team";
  it.each([
    [{ decision: "KEEP", justification: j }, "ACTIVE", true, undefined],
    [{ decision: "KEEP", justification: "too short" }, "ACTIVE", false, "justification"],
    [{ decision: "KEEP", justification: j, ceiling: current }, "ACTIVE", false, "ceiling"],
    [{ decision: "DECOMMISSION", justification: j }, "SUSPENDED", true, undefined],
    [{ decision: "KEEP", justification: j }, "DECOMMISSIONED", false, "decision"],
    [{ decision: "NARROW", justification: j }, "ACTIVE", false, "ceiling"],
    [{ decision: "NARROW", justification: j, ceiling: current }, "ACTIVE", false, "ceiling"],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, audiences: ["https://c"] } }, "ACTIVE", false, "ceiling.audiences"],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, actions: ["read", "delete"] } }, "ACTIVE", false, "ceiling.actions"],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, maxTtlSeconds: 901 } }, "ACTIVE", false, "ceiling.maxTtlSeconds"],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, maxTtlSeconds: 300 } }, "ACTIVE", true, undefined],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, audiences: ["https://a"] } }, "ACTIVE", true, undefined],
    [{ decision: "NARROW", justification: j, ceiling: { ...current, actions: ["read"] } }, "SUSPENDED", true, undefined],
  ] as const)("%j on a %s agent → ok=%s (%s)", (input, status, ok, field) => {
    const r = checkDecision(input as never, current, status);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.field).toBe(field);
  });
});

describe("progress", () => {
  it("counts decisions and due-date outcomes, and the share decided", () => {
    expect(progressOf([{ decision: "KEEP", overdueOutcome: null, count: 2 }, { decision: "NARROW", overdueOutcome: null }, { decision: null, overdueOutcome: "SUSPENDED" }, { decision: null, overdueOutcome: null }])).toEqual({
      total: 5, decided: 3, kept: 2, narrowed: 1, decommissioned: 0, suspended: 1, flagged: 0, alreadyInactive: 0, pending: 1, percent: 60,
    });
    expect(progressOf([]).percent).toBe(100);
  });
});
