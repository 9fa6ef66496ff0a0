import { describe, expect, it } from "vitest";
import { ownershipState, productionAlias, transition, type AgentStatus, type LifecycleAction } from "./agent";

describe("agent lifecycle", () => {
  const table: [AgentStatus, LifecycleAction, AgentStatus | null][] = [
    ["ACTIVE", "suspend", "SUSPENDED"],
    ["ACTIVE", "reactivate", null],
    ["ACTIVE", "decommission", "DECOMMISSIONED"],
    ["SUSPENDED", "suspend", null],
    ["SUSPENDED", "reactivate", "ACTIVE"],
    ["SUSPENDED", "decommission", "DECOMMISSIONED"],
    ["DECOMMISSIONED", "suspend", null],
    ["DECOMMISSIONED", "reactivate", null],
    ["DECOMMISSIONED", "decommission", null],
  ];
  it.each(table)("%s + %s → %s", (from, action, to) => {
    const r = transition(from, action);
    expect(r.ok ? r.status : null).toBe(to);
    if (from === "DECOMMISSIONED") expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/final/) });
  });
});

describe("ownership state", () => {
  it.each([
    [null, { state: "UNOWNED", reason: "NO_OWNER" }],
    [{ ownerActive: false, acknowledgedAt: new Date() }, { state: "UNOWNED", reason: "OWNER_DEACTIVATED" }],
    [{ ownerActive: false, acknowledgedAt: null }, { state: "UNOWNED", reason: "OWNER_DEACTIVATED" }],
    [{ ownerActive: true, acknowledgedAt: null }, { state: "PENDING" }],
    [{ ownerActive: true, acknowledgedAt: new Date() }, { state: "OWNED" }],
  ])("%j → %j", (ownership, expected) => {
    expect(ownershipState(ownership)).toEqual(expected);
  });
});

describe("production by another name", () => {
  it.each([["prod", true], ["prd", true], ["live", true], ["production-eu", true], ["eu-prod", true], ["prod3", true], ["production", false], ["staging", false], ["preprod", false], ["product-analytics", false], ["liveness", false], ["development", false]])(
    "%j → %j",
    (environment, alias) => expect(productionAlias(environment)).toBe(alias),
  );
});
