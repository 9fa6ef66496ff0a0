import { describe, expect, it } from "vitest";
import { ZLogQuery, ZLogStatsQuery, ZEventSeqParams } from "./audit-log";

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => r.error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describe("log filters", () => {
  it("parses every filter and defaults the page size", () => {
    const r = ZLogQuery.parse({
      from: "2026-11-01T00:00:00Z",
      to: "2026-11-02T00:00:00.000+01:00",
      agentId: "agent_1",
      ownerId: "user-1",
      outcome: "STEP_UP",
      action: "refund",
      audience: "https://billing.internal",
      policyVersion: "3",
      policyId: "step-up-destructive",
      type: "credential.*",
      q: "  duplicate charge ",
    });
    expect(r).toEqual({
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-01T23:00:00Z"),
      agentId: "agent_1",
      ownerId: "user-1",
      outcome: "STEP_UP",
      action: "refund",
      audience: "https://billing.internal",
      policyVersion: 3,
      policyId: "step-up-destructive",
      type: "credential.*",
      q: "duplicate charge",
      limit: 50,
    });
  });

  it.each([
    ["a date without a zone", { from: "2026-11-01T00:00:00" }, "from"],
    ["a date only", { from: "2026-11-01" }, "from"],
    ["an impossible date", { to: "2026-02-31T00:00:00Z" }, "to"],
    ["a range in the wrong order", { from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }, "to"],
    ["an unknown outcome", { outcome: "MAYBE" }, "outcome"],
    ["a lower-case outcome", { outcome: "deny" }, "outcome"],
    ["a verb with spaces", { action: "drop table" }, "action"],
    ["a relative audience", { audience: "billing" }, "audience"],
    ["a fractional policy version", { policyVersion: "1.5" }, "policyVersion"],
    ["a non-numeric policy version", { policyVersion: "latest" }, "policyVersion"],
    ["an event type with SQL in it", { type: "x'; drop" }, "type"],
    ["a wildcard in the middle", { type: "*.issued" }, "type"],
    ["a blank search", { q: "   " }, "q"],
    ["an overlong search", { q: "x".repeat(101) }, "q"],
    ["an id with a slash", { agentId: "../x" }, "agentId"],
    ["a zero limit", { limit: "0" }, "limit"],
    ["a huge limit", { limit: "1000" }, "limit"],
    ["an unknown parameter", { sort: "asc" }, ""],
  ])("refuses %s", (_name, input, field) => {
    const r = ZLogQuery.safeParse(input);
    expect(r.success).toBe(false);
    expect(issuesOf(r).map(([p]) => p)).toContain(field);
  });

  it("keeps the charts to at most 31 days", () => {
    expect(ZLogStatsQuery.safeParse({ from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" }).success).toBe(true);
    expect(ZLogStatsQuery.safeParse({ from: "2026-10-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }).success).toBe(false);
  });

  it("accepts only plain positive event numbers", () => {
    expect(ZEventSeqParams.parse({ seq: "42" })).toEqual({ seq: 42 });
    for (const bad of ["0", "-1", "1e3", "0x10", "1.0", " 1", "9999999999999999"]) expect(ZEventSeqParams.safeParse({ seq: bad }).success, bad).toBe(false);
  });
});
