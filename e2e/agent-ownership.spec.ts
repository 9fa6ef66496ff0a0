// The accountability story end to end: (c) an owner registers an agent and
// acknowledges it; a private key is refused precisely; (d) an auditor sees it
// but cannot change it; (e) when the owner is deactivated, the agent is shown
// as unowned. One agent, so the tests run in order.
import fs from "node:fs";
import path from "node:path";
import { ADMIN, BASE_URL, OWNER } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { registerAgentViaApi } from "./support/factories";
import { ed25519Jwks } from "./support/keys";

test.describe.configure({ mode: "serial" });

const AGENT = "billing-reconciler";
let agentId = "";

test("an owner registers an agent, sees ownership pending, acknowledges and owns it", async ({ ownerPage: page }) => {
  const { publicJwks } = ed25519Jwks("billing-key-1");
  await page.goto("/agents");
  await page.getByRole("link", { name: "Register agent" }).click();
  await expect(page.getByRole("heading", { name: "Register agent", level: 1 })).toBeVisible();
  // Owners cannot list people: they register agents for themselves.
  await expect(page.getByLabel("Owner", { exact: true })).toHaveCount(0);

  await page.getByLabel("Name").fill(AGENT);
  await page.getByLabel("Description").fill("Reconciles invoices against payments");
  await page.getByLabel("Environment").fill("production");
  await page.getByLabel("Risk tier").selectOption("HIGH");
  await expect(page.getByLabel("Require DPoP")).toBeChecked();
  await expect(page.getByLabel("Require DPoP")).toBeDisabled();
  await page.getByLabel("Audiences").fill("https://billing.internal\nhttps://ledger.internal");
  await page.getByLabel("Actions").fill("read, reconcile");
  await page.getByLabel("Maximum credential lifetime").fill("10");
  await page.getByLabel("Lifetime unit").selectOption("minutes");
  await page.getByLabel("Public keys (JWKS)").fill(publicJwks);
  await page.getByRole("button", { name: "Register agent" }).click();

  await expect(page).toHaveURL(/\/agents\/[A-Za-z0-9_-]+$/);
  agentId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: AGENT, level: 1 })).toBeVisible();
  const ownership = page.getByRole("region", { name: "Ownership", exact: true });
  await expect(ownership.getByRole("status")).toContainText("Ownership pending");
  await expect(page.getByRole("cell", { name: "billing-key-1" })).toBeVisible();
  await expect(page.getByText("10 min")).toBeVisible();

  // The list reminds the owner what waits for them.
  await page.goto("/agents");
  const waiting = page.getByRole("region", { name: "Awaiting your acknowledgement" });
  await expect(waiting.getByRole("link", { name: AGENT })).toBeVisible();
  await waiting.getByRole("link", { name: AGENT }).click();

  await page.getByRole("button", { name: "Acknowledge ownership" }).click();
  await expect(ownership.getByText("Owned", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Acknowledge ownership" })).toHaveCount(0);

  await page.goto("/agents");
  const row = page.getByRole("row", { name: new RegExp(AGENT) });
  await expect(row.getByText("Owned", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Awaiting your acknowledgement" })).toHaveCount(0);

  // The README's screenshot: the agents list as an owner sees it, with two
  // more of her agents still waiting for her acknowledgement.
  await registerAgentViaApi(page.request, { name: "support-triage", environment: "development" });
  await registerAgentViaApi(page.request, { name: "release-deployer", environment: "production", riskTier: "CRITICAL" });
  await page.reload();
  await expect(page.getByRole("region", { name: "Awaiting your acknowledgement" }).getByRole("link")).toHaveCount(2);
  fs.mkdirSync(path.join(__dirname, "..", "docs"), { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(__dirname, "..", "docs", "screenshot.png") });
});

test("pasting a private JWK is refused with the precise reason and registers nothing", async ({ ownerPage: page }) => {
  const { privateJwks } = ed25519Jwks("leaked-key");
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill("leaky-agent");
  await page.getByLabel("Environment").fill("staging");
  await page.getByLabel("Audiences").fill("https://billing.internal");
  await page.getByLabel("Actions").fill("read");
  await page.getByLabel("Public keys (JWKS)").fill(privateJwks);
  await page.getByRole("button", { name: "Register agent" }).click();

  const jwks = page.getByLabel("Public keys (JWKS)");
  await expect(jwks).toHaveAccessibleDescription(/contains private key material \("d"\): paste only the PUBLIC key/);
  await expect(jwks).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/agents\/new$/);
  const found = await (await page.request.get("/api/v1/agents?q=leaky-agent")).json();
  expect(found.items).toEqual([]);
});

test("an auditor sees the agent but no controls, and the API refuses their change", async ({ auditorPage: page }) => {
  await page.goto("/agents");
  await expect(page.getByRole("row", { name: new RegExp(AGENT) })).toBeVisible();
  await expect(page.getByRole("link", { name: "Register agent" })).toHaveCount(0);

  await page.getByRole("link", { name: AGENT }).click();
  await expect(page.getByRole("heading", { name: AGENT, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent audit events" })).toContainText("agent.ownership_acknowledged");
  for (const name of ["Edit", "Suspend", "Reactivate", "Decommission", "Change owner", "Assign owner", "Acknowledge ownership"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  }

  // Forms are closed to the auditor too, not only hidden.
  await page.goto("/agents/new");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await page.goto(`/agents/${agentId}/edit`);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();

  // Regression guard: hiding buttons is not authorisation; the API must refuse an auditor's change.
  const response = await page.request.patch(`/api/v1/agents/${agentId}`, {
    headers: { origin: BASE_URL },
    data: { description: "changed by an auditor" },
  });
  expect(response.status()).toBe(403);
});

test("deactivating the owner leaves the agent unowned, in the list and on its page", async ({ adminPage: page }) => {
  await page.goto("/people");
  await page.getByRole("button", { name: `Deactivate ${OWNER.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Deactivate ${OWNER.name}?` });
  await expect(dialog).toContainText("agents become unowned");
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row", { name: new RegExp(OWNER.email) });
  await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: `Reactivate ${OWNER.name}` })).toBeVisible();
  // The last admin cannot deactivate themself: nothing is offered.
  await expect(page.getByRole("button", { name: `Deactivate ${ADMIN.name}` })).toHaveCount(0);

  await page.goto("/agents?ownership=unowned");
  const agentRow = page.getByRole("row", { name: new RegExp(AGENT) });
  await expect(agentRow.getByText("Unowned", { exact: true })).toBeVisible();
  await expect(agentRow.getByText("owner deactivated")).toBeVisible();

  await agentRow.getByRole("link", { name: AGENT }).click();
  const ownership = page.getByRole("region", { name: "Ownership", exact: true });
  await expect(ownership.getByText("Unowned: owner deactivated")).toBeVisible();
  await expect(ownership.getByRole("button", { name: "Change owner" })).toBeVisible();
});
