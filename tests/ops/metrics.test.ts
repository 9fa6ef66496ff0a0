// /api/metrics: off without MANDATE_METRICS_TOKEN, refused without the exact
// token, and once scraped it reflects what the broker did — decisions by
// outcome, broker latencies, pending step-ups and live credentials.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { call } from "@/tests/support/http";
import { env, resetEnvForTests } from "@/lib/env";
import { resetMetricsForTests } from "@/lib/metrics/registry";
import { createAccessToken } from "@/lib/services/create-access-token";
import * as metrics from "@/app/api/metrics/route";

const t = useTestDatabase();
const TOKEN = "metrics-scrape-token-0123456789abcdefghij";

function setToken(value: string | undefined) {
  if (value === undefined) delete process.env.MANDATE_METRICS_TOKEN;
  else process.env.MANDATE_METRICS_TOKEN = value;
  resetEnvForTests();
}

/** The value of one sample line, e.g. sample(text, 'mandate_decisions_total{grant="client_credentials",outcome="ALLOW"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeEach(() => resetMetricsForTests());
afterEach(() => setToken(undefined));

describe("GET /api/metrics", () => {
  it("is off (404, saying how to turn it on) when no token is configured", async () => {
    setToken(undefined);
    const res = await call(metrics, "GET", "/api/metrics", { auth: { token: TOKEN } });
    expect(res.status).toBe(404);
    expect(res.json.detail).toContain("MANDATE_METRICS_TOKEN");
  });

  it("refuses a missing or wrong token, and a person's access token, with 401", async () => {
    setToken(TOKEN);
    const admin = await seedUser(t.ctx(), "ADMIN");
    const pat = (await createAccessToken(t.ctx(), admin, { name: "not for metrics" })).token;
    for (const auth of [null, { token: TOKEN.slice(0, -1) }, { token: TOKEN + "x" }, { token: pat }]) {
      const res = await call(metrics, "GET", "/api/metrics", { auth });
      expect(res.status, JSON.stringify(auth)).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(JSON.stringify(res.json)).not.toContain(TOKEN);
    }
  });

  it("refuses a token shorter than 32 characters at configuration time (the server does not start)", () => {
    setToken("too-short");
    expect(() => env()).toThrow(/MANDATE_METRICS_TOKEN must be at least 32 characters/);
  });

  it("reports decisions by outcome, broker latency, pending step-ups and live credentials", async () => {
    setToken(TOKEN);
    const scrape = async () => {
      const res = await call(metrics, "GET", "/api/metrics", { auth: { token: TOKEN } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      return res.json as string;
    };
    const before = await scrape();
    const livesBefore = sample(before, "mandate_credentials_live")!;
    const pendingBefore = sample(before, "mandate_step_ups_pending")!;
    expect(livesBefore).toEqual(expect.any(Number));

    const { agent } = await ownedAgent(t.ctx());
    expect((await agent.token([detail()])).status).toBe(200);
    expect((await agent.token([detail()])).status).toBe(200);
    expect((await agent.token([detail({ actions: ["refund"] })])).json.error).toBe("step_up_required");
    expect((await agent.token([detail({ locations: ["https://elsewhere.internal"] })])).json.error).toBe("access_denied");

    const after = await scrape();
    expect(sample(after, 'mandate_decisions_total{grant="client_credentials",outcome="ALLOW"}')).toBe(2);
    expect(sample(after, 'mandate_decisions_total{grant="client_credentials",outcome="STEP_UP"}')).toBe(1);
    expect(sample(after, 'mandate_decisions_total{grant="client_credentials",outcome="DENY"}')).toBe(1);
    expect(sample(after, 'mandate_decision_duration_seconds_count{outcome="ALLOW"}')).toBe(2);
    expect(sample(after, 'mandate_broker_request_duration_seconds_count{endpoint="token",status="200"}')).toBe(2);
    // step_up_required and access_denied are both OAuth errors answered with 400.
    expect(sample(after, 'mandate_broker_request_duration_seconds_count{endpoint="token",status="400"}')).toBe(2);
    expect(sample(after, "mandate_credentials_live")).toBe(livesBefore + 2);
    expect(sample(after, "mandate_step_ups_pending")).toBe(pendingBefore + 1);
    expect(sample(after, 'mandate_agents{status="ACTIVE"}')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^# TYPE mandate_webhook_deliveries gauge$/m);
  });
});
