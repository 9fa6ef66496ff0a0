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

test("pages carry a nonce-based Content-Security-Policy that blocks injected scripts", async ({ browser }) => {
  // A page of its own: the violation provoked below would fail the shared page's CSP watch.
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto("/login");
  const csp = response!.headers()["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // The page works (hydrated: the form is interactive), so Next.js's own scripts carry the nonce.
  await page.getByLabel("Email").fill("someone@example.test");
  await expect(page.getByLabel("Email")).toHaveValue("someone@example.test");
  // A fresh nonce on every answer.
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce!);

  // What an XSS would try: markup with an inline event handler does not run.
  const ran = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    const d = document.createElement("div");
    d.innerHTML = '<img src="data:," onerror="window.__injected = true">';
    document.body.appendChild(d);
    await new Promise((r) => setTimeout(r, 500));
    return { injected: (window as unknown as { __injected?: boolean }).__injected === true, violations };
  });
  expect(ran).toEqual({ injected: false, violations: ["script-src-attr"] });
  await context.close();
});

test("API answers forbid any content, and the broker's listener says the same", async ({ request }) => {
  for (const path of ["/api/health", "/.well-known/jwks.json"]) {
    const res = await request.get(path);
    expect(res.headers()["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(res.headers()["cross-origin-opener-policy"], path).toBe("same-origin");
  }
});
