// Policy as code, end to end against the production server: a security lead
// drafts a rule that denies exporting from one system, sees a syntax error at
// its line while typing, sees the simulation flag the past exports, and
// proposes; an admin — the second pair of eyes — simulates and activates; a
// real agent's live export credential stops introspecting as active, while
// its read credential lives on. The rule names only this spec's own system,
// so no other spec's traffic is affected by it.
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, type Account } from "./support/accounts";
import { ensurePerson, freshPage, ORIGIN } from "./support/approvals";
import { expect, test, watchForPageErrors } from "./support/fixtures";
import { Agent, newKey, ResourceServer } from "./support/broker-agent";

test.describe.configure({ mode: "serial" });

const POLICY_LEAD: Account = { name: "Pia Policy", email: "pia@example.test", password: "policy-lead-password-123", roleLabel: "Security lead", storageState: "" };
const LEDGER = "https://ledger.e2e-policies.test";
const RULE = `@id("no-ledger-exports")
@reason("Exports from the ledger are frozen during the audit.")
forbid (principal, action == Mandate::Action::"request", resource)
when { resource.audience == "${LEDGER}" && context.verb == "export" };`;

let admin: APIRequestContext;
let agent: Agent;
let ledger: ResourceServer;
let liveExport = "";
let liveRead = "";
let draftUrl = "";

test.beforeAll(async ({ playwright }) => {
  admin = await playwright.request.newContext({ storageState: ADMIN.storageState });
  await ensurePerson(admin, POLICY_LEAD, "SECURITY_LEAD");
});
test.afterAll(async () => {
  await admin.dispose();
});

async function ok(response: Promise<import("@playwright/test").APIResponse>, status = 200) {
  const r = await response;
  expect(r.status(), await r.text()).toBe(status);
  return r.json();
}

test("a real agent exports from the ledger and reads it", async () => {
  const key = await newKey();
  const registered = await ok(admin.post("/api/v1/agents", {
    headers: ORIGIN,
    data: { name: "ledger-exporter", environment: "staging", riskTier: "LOW", ceiling: { audiences: [LEDGER], actions: ["read", "export"], maxTtlSeconds: 900 }, jwks: { keys: [key.publicJwk] } },
  }), 201);
  await ok(admin.post(`/api/v1/agents/${registered.id}/owner/acknowledge`, { headers: ORIGIN }));
  const rsKey = await newKey();
  const resource = await ok(admin.post("/api/v1/resources", { headers: ORIGIN, data: { name: "Ledger", audience: LEDGER, jwks: { keys: [rsKey.publicJwk] } } }), 201);
  agent = new Agent(admin, registered.id, key, await newKey());
  ledger = new ResourceServer(admin, resource.id, rsKey);

  // A finished export (its credential is dead), one that is still running, and a read.
  const done = await agent.requestCredential({ locations: [LEDGER], actions: ["export"], intent: "Export October for the accountants", task_id: "ledger-export-october" }, 600);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect((await agent.completeTask(done.body.task_id, "succeeded")).status).toBe(200);
  const running = await agent.requestCredential({ locations: [LEDGER], actions: ["export"], intent: "Export November for the accountants", task_id: "ledger-export-november" }, 600);
  const read = await agent.requestCredential({ locations: [LEDGER], actions: ["read"], intent: "Check the November balance", task_id: "ledger-read-november" }, 600);
  expect([running.status, read.status]).toEqual([200, 200]);
  liveExport = running.body.access_token;
  liveRead = read.body.access_token;
  expect((await ledger.introspect(liveExport)).body).toMatchObject({ active: true });
});

test("a security lead drafts the rule, sees a syntax error at its line, simulates and proposes", async ({ browser }) => {
  const page = await freshPage(browser, POLICY_LEAD);
  const assertNoPageErrors = watchForPageErrors(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Active policy" })).toContainText("Version 1");
  await page.getByLabel("What the change is for").fill("Freeze ledger exports during the audit");
  await page.getByRole("button", { name: "New draft" }).click();
  await expect(page.getByRole("heading", { name: "Freeze ledger exports during the audit" })).toBeVisible();
  draftUrl = page.url();

  const editor = page.getByRole("textbox", { name: "Policy text" });
  const original = await editor.inputValue();
  const lines = original.replace(/\s*$/, "").split("\n").length;
  // The rule without its closing brace: Cedar's parse error is reported at the rule's last line.
  await editor.fill(`${original.replace(/\s*$/, "")}\n\n${RULE.replace("};", ";")}\n`);
  const problems = page.getByRole("region", { name: "Problems" });
  const brokenLine = lines + 5;
  await expect(problems).toContainText(new RegExp(`Line ${brokenLine}, column \\d+`));
  await expect(page.locator(`[data-line="${brokenLine}"]`)).toHaveClass(/text-red-700/);

  await editor.fill(`${original.replace(/\s*$/, "")}\n\n${RULE}\n`);
  await expect(problems).toContainText("Valid against the schema: 12 policies.");
  await expect(problems).toContainText("test cases pass");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Revision 2 by Pia Policy")).toBeVisible();
  // What the reviewer will read first: the draft against the active version.
  await page.getByText("Changes against version 1 (+5 −0)").click();
  await expect(page.locator('tr[data-kind="added"]').filter({ hasText: '@id("no-ledger-exports")' })).toHaveCount(1);

  await page.getByRole("button", { name: "Run simulation" }).click();
  const result = page.getByRole("region", { name: "Simulation result" });
  await expect(result).toContainText("2 would change");
  const changed = result.getByRole("table", { name: "Changed decisions" });
  await expect(changed.getByRole("row").filter({ hasText: "ledger-exporter" })).toHaveCount(2);
  await expect(changed).toContainText("no-ledger-exports");
  await expect(result).toContainText("activation would revoke 1");

  await page.getByRole("button", { name: "Propose for activation" }).click();
  await expect(page.getByText("Proposed. Another admin or security lead must simulate it")).toBeVisible();
  await expect(page.getByRole("region", { name: "Activation" })).toContainText("someone else must activate it");
  await page.context().close();
  assertNoPageErrors();
});

test("an admin simulates, then activates; the live export credential dies, the read lives", async ({ adminPage: page }) => {
  await page.goto(draftUrl);
  const activation = page.getByRole("region", { name: "Activation" });
  await expect(activation).toContainText("Run the simulation above");
  await page.getByRole("button", { name: "Run simulation" }).click();
  await expect(page.getByRole("region", { name: "Simulation result" })).toContainText("2 would change");
  await activation.getByRole("button", { name: "Activate as version 2" }).click();
  await expect(activation).toContainText("Version 2 is active.");
  await expect(activation).toContainText("1 live credential was revoked");

  expect((await ledger.introspect(liveExport)).body).toEqual({ active: false });
  expect((await ledger.introspect(liveRead)).body).toMatchObject({ active: true });
  const denied = await agent.requestCredential({ locations: [LEDGER], actions: ["export"], intent: "Export December anyway" });
  expect(denied.body).toMatchObject({ error: "access_denied" });
  expect(denied.body.error_description).toContain("no-ledger-exports");

  await activation.getByRole("link", { name: "See version 2" }).click();
  await expect(page.getByRole("heading", { name: "Policy version 2" })).toBeVisible();
  const provenance = page.getByRole("region", { name: "Provenance" });
  await expect(provenance).toContainText("Pia Policy");
  await expect(provenance).toContainText("Ada Admin");
  await expect(page.getByRole("table", { name: "Policy text of version 2" })).toContainText("no-ledger-exports");
  await page.getByRole("link", { name: "Changes since version 1" }).click();
  await expect(page.locator('tr[data-kind="added"]').filter({ hasText: "no-ledger-exports" })).toHaveCount(1);
});

test("an auditor reads every version but cannot draft", async ({ auditorPage: page }: { auditorPage: Page }) => {
  await page.goto("/policies");
  await expect(page.getByRole("table", { name: "Policy versions" }).getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "New draft" })).toHaveCount(0);
  const response = await page.goto(draftUrl);
  expect(response?.status()).toBe(403);
});
