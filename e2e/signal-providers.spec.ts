// Signal providers in the dashboard: an admin registers one (a name and its
// public JWKS) under Settings; what is not JSON, a private key and a taken
// name are refused next to the field; the registered provider's key is then
// accepted at POST /api/v1/signals. A security lead may register too; owners
// and auditors are offered nothing and are refused.
import { createClientAssertion, generateAgentKey, publicJwks } from "@mandate/agent-sdk";
import { BASE_URL } from "./support/accounts";
import { expect, test } from "./support/approvals";
import { watchForPageErrors } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const NAME = "Kubernetes production cluster";

test("an admin registers a signal provider; bad key sets are refused with reasons; the provider's signals are accepted", async ({ adminPage: page }) => {
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Signal providers" }).click();
  await expect(page).toHaveURL(/\/settings\/signal-providers$/);
  await expect(page.getByRole("heading", { name: "Signal providers", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Register a signal provider" });
  const name = form.getByLabel("Name");
  const jwks = form.getByLabel("Public keys (JWKS)");
  const submit = form.getByRole("button", { name: "Register provider" });
  const { key, privateJwk } = await generateAgentKey();

  // Not JSON: said before anything is sent.
  await name.fill(NAME);
  await jwks.fill("{keys: nope");
  await submit.click();
  await expect(form.getByText("Paste the provider's public key set as JSON")).toBeVisible();
  await expect(jwks).toHaveAttribute("aria-invalid", "true");

  // A private key: refused by the server, the reason shown at the field, nothing registered.
  await jwks.fill(JSON.stringify({ keys: [privateJwk] }));
  await submit.click();
  await expect(jwks).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/private/i).first()).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(NAME) })).toHaveCount(0);

  // No name.
  await name.fill("");
  await jwks.fill(JSON.stringify(publicJwks(key)));
  await submit.click();
  await expect(name).toHaveAttribute("aria-invalid", "true");

  // Valid: registered, listed with its key id, the id shown for the provider's `iss`.
  await name.fill(NAME);
  await submit.click();
  const done = form.getByRole("status");
  await expect(done).toContainText(`“${NAME}” is registered`);
  const providerId = (await done.locator(".font-mono").first().textContent())!.trim();
  const row = page.getByRole("row", { name: new RegExp(NAME) });
  await expect(row).toContainText(providerId);
  await expect(row).toContainText(key.kid);
  await expect(name).toHaveValue("");

  // The same name again: a conflict, shown at the name.
  await name.fill(NAME);
  await jwks.fill(JSON.stringify(publicJwks(key)));
  await submit.click();
  await expect(form.getByText("Is already registered")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(NAME) })).toHaveCount(1);

  // The key registered here is the one Mandate now accepts signals from.
  const signalsUrl = `${BASE_URL}/api/v1/signals`;
  const signal = await page.request.post(signalsUrl, {
    headers: { authorization: `Bearer ${await createClientAssertion(providerId, key, signalsUrl)}`, "content-type": "application/json" },
    data: { type: "instance_restarted", subject: { instance_id: "pod/nothing-runs-here" } },
  });
  expect(signal.status(), await signal.text()).toBe(202);
  expect(await signal.json()).toEqual({ received: 1, results: [{ type: "instance_restarted", revoked: 0 }] });
  const stranger = (await generateAgentKey()).key;
  const refused = await page.request.post(signalsUrl, {
    headers: { authorization: `Bearer ${await createClientAssertion(providerId, stranger, signalsUrl)}`, "content-type": "application/json" },
    data: { type: "instance_restarted", subject: { instance_id: "pod/nothing-runs-here" } },
  });
  expect(refused.status()).toBe(401);
});

test("a security lead registers one too", async ({ securityLeadPage: page }) => {
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Signal providers" }).click();
  await expect(page.getByRole("row", { name: new RegExp(NAME) })).toBeVisible();
  const form = page.getByRole("form", { name: "Register a signal provider" });
  const { key } = await generateAgentKey("ES256");
  await form.getByLabel("Name").fill("Secret scanner");
  await form.getByLabel("Public keys (JWKS)").fill(JSON.stringify(publicJwks(key)));
  await form.getByRole("button", { name: "Register provider" }).click();
  await expect(form.getByRole("status")).toContainText("“Secret scanner” is registered");
  await expect(page.getByRole("row", { name: /Secret scanner/ })).toContainText("P-256");
});

test("owners and auditors are offered no signal providers and are refused", async ({ otherOwnerPage, auditorPage, browser }) => {
  for (const page of [otherOwnerPage, auditorPage]) {
    await page.goto("/agents");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Signal providers" })).toHaveCount(0);
    await page.goto("/settings/signal-providers");
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    expect((await page.request.get("/api/v1/signal-providers")).status()).toBe(403);
    const post = await page.request.post("/api/v1/signal-providers", { headers: { origin: BASE_URL }, data: { name: "Sneaky", jwks: { keys: [] } } });
    expect(post.status()).toBe(403);
  }
  // Not signed in: the page sends to sign-in.
  const context = await browser.newContext();
  const anonymous = await context.newPage();
  const assertNoPageErrors = watchForPageErrors(anonymous);
  await anonymous.goto("/settings/signal-providers");
  await expect(anonymous).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fsignal-providers/);
  await context.close();
  assertNoPageErrors();
});
