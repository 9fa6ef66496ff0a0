// Posture for a security lead: when an owner is deactivated, their agent shows
// up at once as unowned; the lead assigns a new owner from the posture page,
// the agent stays unowned until that person acknowledges, then the finding
// resolves. Seeded through the API; the story itself goes through the pages.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { BASE_URL } from "./support/accounts";
import { expect, signIn, test, watchForPageErrors } from "./support/fixtures";
import { registerAgentViaApi } from "./support/factories";

const tag = randomBytes(3).toString("hex");
const PASSWORD = "posture-password-123";
const LEAD = { name: `Sam Security ${tag}`, email: `sam-${tag}@example.test`, password: PASSWORD, roleLabel: "Security lead", storageState: "" };
const LEAVER = { name: `Lee Leaving ${tag}`, email: `lee-${tag}@example.test`, password: PASSWORD, roleLabel: "Owner", storageState: "" };
const SUCCESSOR = { name: `Nia Next ${tag}`, email: `nia-${tag}@example.test`, password: PASSWORD, roleLabel: "Owner", storageState: "" };
const AGENT = `payroll-sync-${tag}`;
const headers = { origin: BASE_URL };

async function createPerson(request: APIRequestContext, p: typeof LEAD, role: string): Promise<string> {
  const res = await request.post("/api/v1/users", { headers, data: { email: p.email, name: p.name, role, password: p.password } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function pageAs(browser: Browser, account: typeof LEAD): Promise<{ page: Page; done: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const check = watchForPageErrors(page);
  await signIn(page, account);
  return { page, done: async () => { await context.close(); check(); } };
}

test("a security lead sees the agent of a deactivated owner as unowned, reassigns it, and the finding resolves once the new owner acknowledges", async ({ adminPage, browser }) => {
  await createPerson(adminPage.request, LEAD, "SECURITY_LEAD");
  await createPerson(adminPage.request, LEAVER, "OWNER");
  await createPerson(adminPage.request, SUCCESSOR, "OWNER");

  // The leaver owns and has acknowledged a critical agent.
  const leaver = await pageAs(browser, LEAVER);
  const agent = await registerAgentViaApi(leaver.page.request, { name: AGENT, environment: "production", riskTier: "HIGH" });
  expect((await leaver.page.request.post(`/api/v1/agents/${agent.id}/owner/acknowledge`, { headers })).status()).toBe(200);
  await leaver.done();

  // The admin deactivates them (People page).
  await adminPage.goto("/people");
  const row = adminPage.getByRole("row", { name: new RegExp(LEAVER.email) });
  await row.getByRole("button", { name: `Deactivate ${LEAVER.name}` }).click();
  await adminPage.getByRole("dialog", { name: `Deactivate ${LEAVER.name}?` }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();

  // The security lead sees the agent as unowned at once — no waiting for the scheduled run.
  const lead = await pageAs(browser, LEAD);
  const page = lead.page;
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Posture" }).click();
  await expect(page.getByRole("heading", { name: "Posture", level: 1 })).toBeVisible();
  await page.getByLabel("Kind").selectOption("UNOWNED");
  await expect(page).toHaveURL(/kind=UNOWNED/);
  const finding = page.getByRole("row", { name: `Owner deactivated: ${AGENT}` });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText(LEAVER.name);
  await expect(finding).toContainText("deactivated");

  // Assign a new owner from the posture page.
  await finding.getByRole("checkbox", { name: `Select ${AGENT} (Owner deactivated)` }).check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Assign owner" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign an owner" });
  await expect(dialog).toContainText(AGENT);
  await dialog.getByLabel("New owner").selectOption({ label: `${SUCCESSOR.name} (${SUCCESSOR.email})` });
  await dialog.getByLabel("Reason").fill("Lee left; Nia runs payroll now");
  await dialog.getByRole("button", { name: "Assign an owner" }).click();
  await expect(dialog.getByRole("status")).toContainText("1 done");
  await dialog.getByRole("button", { name: "Close" }).click();

  // Still unowned until the new owner accepts: the broker denies it meanwhile.
  await expect(page.getByRole("row", { name: `Owner deactivated: ${AGENT}` })).toHaveCount(0);
  await expect(page.getByRole("row", { name: `New owner has not acknowledged: ${AGENT}` })).toBeVisible();

  const successor = await pageAs(browser, SUCCESSOR);
  await successor.page.goto(`/agents/${agent.id}`);
  await successor.page.getByRole("button", { name: "Acknowledge ownership" }).click();
  await expect(successor.page.getByRole("region", { name: "Ownership", exact: true }).getByText("Owned", { exact: true })).toBeVisible();
  await successor.done();

  // Resolved: gone from the open findings, kept in the history.
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(`: ${AGENT}$`) })).toHaveCount(0);
  // The checkbox reflects the URL: clicking navigates, then it shows checked.
  await page.getByLabel("Include resolved").click();
  await expect(page).toHaveURL(/resolved=true/);
  await expect(page.getByLabel("Include resolved")).toBeChecked();
  const resolved = page.getByRole("row", { name: `New owner has not acknowledged: ${AGENT}` });
  await expect(resolved).toContainText("resolved");
  await expect(page.getByRole("row", { name: `Owner deactivated: ${AGENT}` })).toContainText("resolved");
  await lead.done();
});

test("an auditor reads the posture page but is offered no actions", async ({ auditorPage: page }) => {
  await page.goto("/posture");
  await expect(page.getByRole("heading", { name: "Posture", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" })).toBeVisible();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
});
