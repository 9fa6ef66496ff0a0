// Brute-force protection for personal access tokens: one address presenting
// too many invalid tokens is refused (429) — even with a valid token — until
// the window passes; other addresses are unaffected; every failure is audited
// without the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ORIGIN } from "@/tests/support/http";
import { resetEnvForTests } from "@/lib/env";
import { createAccessToken } from "@/lib/services/create-access-token";
import * as me from "@/app/api/v1/me/route";

const t = useTestDatabase();
const LIMIT = 3;
let valid = "";

beforeAll(async () => {
  process.env.MANDATE_TOKEN_MAX_FAILURES_PER_ADDRESS = String(LIMIT);
  resetEnvForTests();
  const owner = await seedUser(t.ctx(), "OWNER");
  valid = (await createAccessToken(t.ctx(), owner, { name: "throttle" })).token;
});
afterAll(() => {
  process.env.MANDATE_TOKEN_MAX_FAILURES_PER_ADDRESS = "100000";
  resetEnvForTests();
});

async function callMe(token: string, ip: string) {
  const res = await me.GET(new Request(`${ORIGIN}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `${ip}, 10.0.0.1` } }));
  return { status: res.status, body: await res.json() };
}

describe("personal access token brute force", () => {
  it("refuses an address after too many invalid tokens, even a valid token, and leaves other addresses alone", async () => {
    expect((await callMe(valid, "203.0.113.7")).status).toBe(200);
    for (let i = 0; i < LIMIT; i++) expect((await callMe(`mdt_${"A".repeat(42)}${i}`, "203.0.113.7")).status).toBe(401);
    const throttled = await callMe(valid, "203.0.113.7");
    expect(throttled.status).toBe(429);
    expect(throttled.body.detail).toMatch(/too many invalid access tokens/);
    expect((await callMe(valid, "198.51.100.2")).status).toBe(200);
  });

  it("lets the address back in when the window has passed", async () => {
    const later = new Date(Date.now() + 16 * 60_000);
    const { assertAccessTokenUseAllowed } = await import("@/lib/services/throttle-access-token-use");
    await expect(assertAccessTokenUseAllowed(t.ctx(), "203.0.113.7")).rejects.toThrow(/too many/);
    await expect(assertAccessTokenUseAllowed(t.ctx(later), "203.0.113.7")).resolves.toBeUndefined();
  });

  it("audits each failure with the address, never the token", async () => {
    const token = `mdt_${"B".repeat(43)}`;
    await callMe(token, "192.0.2.55");
    const events = await t.db.auditEvent.findMany({ where: { type: "auth.access_token_failed" }, select: { data: true, outcome: true } });
    expect(events.some((e) => e.data.includes("192.0.2.55"))).toBe(true);
    expect(events.every((e) => e.outcome === "FAILURE")).toBe(true);
    expect(JSON.stringify(events)).not.toContain("BBBBBBBB");
  });
});
