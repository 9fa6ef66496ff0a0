import { describe, expect, it } from "vitest";
import { ZAgentEnvironment, ZAgentName, ZAudience, ZAction, ZCeiling, ZEnvironment, ZRegisterAgent, ZUpdateAgent } from "./agent";
import { ZEmail } from "./text";

describe("agent input validation", () => {
  it.each(["billing-bot", "Billing Bot 2", "agent_1.prod", "Édouard"])("accepts the name %s", (n) => {
    expect(ZAgentName.safeParse(n).success).toBe(true);
  });
  it.each([
    ["", /required/],
    ["   ", /required/],
    ["bad\u202ename", /invisible/],
    ["zero\u200bwidth", /invisible/],
    ["new\nline", /invisible/],
    ["-leading", /must start/],
    ["a/b", /must start/],
    ["x".repeat(65), /at most 64/],
  ])("refuses the name %j", (n, message) => {
    const r = ZAgentName.safeParse(n);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(message);
  });
  it("normalises names to NFC and trims them", () => {
    expect(ZAgentName.parse("  Cafe\u0301 ")).toBe("Café");
  });
  it.each(["https://billing.internal", "http://localhost:8080/api"])("accepts the audience %s", (a) => expect(ZAudience.safeParse(a).success).toBe(true));
  it.each(["billing.internal", "ftp://x", "https://user:pw@x.internal", "https://x/#frag", "javascript:alert(1)"])("refuses the audience %s", (a) =>
    expect(ZAudience.safeParse(a).success).toBe(false),
  );
  it("lower-cases and de-duplicates actions", () => {
    expect(ZCeiling.parse({ audiences: ["https://a.internal"], actions: ["Read", "read", "deploy-to-production"], maxTtlSeconds: 60 }).actions).toEqual(["read", "deploy-to-production"]);
  });
  it.each([["rm -rf"], ["1read"], [""]])("refuses the action %j", (a) => expect(ZAction.safeParse(a).success).toBe(false));
  it.each([[0], [86401], [1.5], ["60"]])("refuses the lifetime %j", (t) =>
    expect(ZCeiling.safeParse({ audiences: ["https://a.internal"], actions: ["read"], maxTtlSeconds: t }).success).toBe(false),
  );
  it("normalises environments", () => {
    expect(ZEnvironment.parse(" Production ")).toBe("production");
    expect(ZEnvironment.safeParse("prod env").success).toBe(false);
  });
  it.each([["prod"], ["PRD"], ["live"], ["production-eu"], ["eu-prod"], ["prod2"], ["us-east-production"]])(
    "refuses %j as an agent's environment: production by another name would slip past production's rules",
    (e) => {
      const r = ZAgentEnvironment.safeParse(e);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/call it production/);
      // Filters still accept any well-formed name (agents registered before the rule keep theirs).
      expect(ZEnvironment.safeParse(e).success).toBe(true);
    },
  );
  it.each([["production"], [" Production "], ["staging"], ["development"], ["product-analytics"], ["preprod-lab"], ["delivery"]])("accepts %j as an agent's environment", (e) =>
    expect(ZAgentEnvironment.safeParse(e).success).toBe(true),
  );
  it("applies the rule on registration and on change", () => {
    const agent = { name: "a", environment: "prod", riskTier: "LOW", ceiling: { audiences: ["https://a.internal"], actions: ["read"], maxTtlSeconds: 60 } };
    expect(ZRegisterAgent.safeParse(agent).error?.issues[0].path).toEqual(["environment"]);
    expect(ZRegisterAgent.safeParse({ ...agent, environment: "production" }).success).toBe(true);
    expect(ZUpdateAgent.safeParse({ environment: "live" }).success).toBe(false);
  });
  it("normalises emails", () => {
    expect(ZEmail.parse("  Alice@Example.TEST ")).toBe("alice@example.test");
    expect(ZEmail.safeParse("not-an-email").success).toBe(false);
  });
});
