// Operations against the production server: readiness for a load balancer,
// Prometheus metrics behind their scrape token, and a request id on every
// answer (pages included) that the structured log carries too.
import { BASE_URL } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const METRICS_TOKEN = "e2e-only-metrics-token-0123456789abcdef";

test("readiness reports the database, the signing key and the active policy", async ({ request }) => {
  const res = await request.get("/api/ready");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ ready: true, checks: { database: { ok: true }, signingKey: { ok: true }, policy: { ok: true }, lifecycle: { ok: true } } });
  expect(res.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("metrics need the scrape token and expose the broker's counters and gauges", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token-but-long-enough-0123456789" } })).status()).toBe(401);
  const res = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  for (const family of ["mandate_step_ups_pending", "mandate_credentials_live", "mandate_webhook_deliveries", "mandate_agents", "mandate_http_requests_total", "mandate_process_resident_memory_bytes"]) {
    expect(text).toMatch(new RegExp(`^# TYPE ${family} (gauge|counter)$`, "m"));
  }
  // The listener counted the two refused scrapes before this one.
  expect(text).toMatch(/^mandate_http_requests_total\{status_class="4xx"\} \d+$/m);
});

test("a page answer carries a request id as well", async ({ request }) => {
  const res = await request.get(`${BASE_URL}/login`);
  expect(res.status()).toBe(200);
  expect(res.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
