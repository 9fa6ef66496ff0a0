// Outgoing webhooks, end to end: an admin points one at a receiver started
// inside the test, copies its secret (shown once), a scripted agent's refund
// triggers step_up.requested, the receiver refuses the first attempt and takes
// the retry, both attempts carry a Mandate-Signature that verifies with the
// secret, and the delivery log shows the failure, the retry and DELIVERED.
// Nobody but an admin gets near webhooks.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN } from "./support/accounts";
import { BILLING, denyViaApi, expect, test } from "./support/approvals";
import { ScriptedAgent } from "./support/scripted-agent";

type Received = { headers: http.IncomingHttpHeaders; body: string; answered: number };

/** A receiver on 127.0.0.1 (random port) that answers 503 to the first delivery and 204 afterwards. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const answered = received.length === 0 ? 503 : 204;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    // The sender keeps connections alive; do not wait for them to time out.
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return { url: `http://127.0.0.1:${port}/mandate-hook`, received, close };
}

/**
 * What a receiver does with `Mandate-Signature: t=<unix seconds>,v1=<hex>`:
 * HMAC-SHA256(secret, `${t}.${body}`) compared in constant time, and a
 * timestamp within five minutes (the rule of verifySignature in
 * lib/domain/webhook.ts, restated so the spec does not trust the code it checks).
 */
function verifies(secret: string, header: string | undefined, body: string): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.trim().split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test("an admin adds a webhook, copies its secret once, and the receiver gets a signed, retried event", async ({ browser }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  const context = await browser.newContext({ storageState: ADMIN.storageState, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  try {
    await page.goto("/agents");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

    const form = page.getByRole("form", { name: "Add a webhook" });
    await form.getByLabel("Name").fill("Approvals receiver");
    await form.getByLabel("URL").fill("ftp://files.example.test/hook");
    await form.getByRole("button", { name: "Add webhook" }).click();
    await expect(form.getByLabel("URL")).toHaveAccessibleDescription(/Must be an absolute http\(s\) URL/);
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByRole("checkbox", { name: /A request waits for approval/ }).check();
    await form.getByRole("button", { name: "Add webhook" }).click();

    const notice = page.getByRole("region", { name: "New webhook secret" });
    await expect(notice).toContainText("you will not see it again");
    await expect(notice).toContainText("Mandate-Signature: t=<unix seconds>,v1=<hex>");
    const secret = await notice.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await notice.getByRole("button", { name: "Copy secret" }).click();
    await expect(notice.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await notice.getByRole("button", { name: "I have stored it" }).click();
    await expect(notice).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);

    const row = page.getByRole("row", { name: /Approvals receiver/ });
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    await expect(row).toContainText("step_up.requested");

    const agent = await ScriptedAgent.register(page.request, { name: "webhook-refunder", riskTier: "LOW", audience: BILLING, actions: ["read", "refund"] });
    const stepUp = await agent.askForStepUp({ location: BILLING, actions: ["refund"], identifier: "invoices/2027-01", intent: "Refund ticket 8100 to the original card" });

    await row.getByRole("button", { name: "Delivery log of Approvals receiver" }).click();
    const entry = page.getByRole("region", { name: "Delivery log: Approvals receiver" }).getByRole("row").filter({ hasText: "step_up.requested" });
    // The first attempt is refused: the log shows why, and that a retry is due.
    await expect(entry).toContainText("PENDING");
    await expect(entry).toContainText("receiver answered HTTP 503");
    // The background job retries after its backoff (10 s), and the receiver takes it.
    await expect(entry).toContainText("DELIVERED", { timeout: 45_000 });
    await expect(entry).toContainText("HTTP 204");
    await expect(entry.getByRole("cell").nth(2)).toHaveText("2");

    expect(receiver.received.map((r) => r.answered)).toEqual([503, 204]);
    for (const delivery of receiver.received) {
      const event = JSON.parse(delivery.body);
      expect(event).toMatchObject({ type: "step_up.requested", data: { stepUpId: stepUp.authReqId, agentName: "webhook-refunder", actions: ["refund"] } });
      expect(event.text).toContain("webhook-refunder asks for approval");
      expect(event.text).toContain(`/approvals/${stepUp.authReqId}`);
      const signature = delivery.headers["mandate-signature"] as string | undefined;
      expect(verifies(secret, signature, delivery.body)).toBe(true);
      // A signature proves the body and the secret: change either and it fails.
      expect(verifies(secret, signature, delivery.body.replace("refund", "transfer"))).toBe(false);
      expect(verifies(`${secret}x`, signature, delivery.body)).toBe(false);
    }
    // Both attempts are the same delivery.
    expect(new Set(receiver.received.map((r) => r.headers["mandate-delivery"])).size).toBe(1);

    await row.getByRole("button", { name: "Disable Approvals receiver" }).click();
    const dialog = page.getByRole("dialog", { name: "Disable “Approvals receiver”?" });
    await dialog.getByRole("button", { name: "Disable webhook" }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: "Disable Approvals receiver" })).toHaveCount(0);

    await denyViaApi(page, stepUp.authReqId);
  } finally {
    await context.close();
    await receiver.close();
  }
});

test("webhooks are for admins only: not in anyone else's navigation, and the page is forbidden", async ({ otherOwnerPage, auditorPage, securityLeadPage }) => {
  for (const page of [otherOwnerPage, auditorPage, securityLeadPage]) {
    await page.goto("/agents");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" })).toHaveCount(0);
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    expect((await page.request.get("/api/v1/webhooks")).status()).toBe(403);
  }
});
