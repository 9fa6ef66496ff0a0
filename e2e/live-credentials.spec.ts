// An owner finds their agent's live credentials on its page and revokes one,
// ends one task, then revokes everything, each with a reason; an auditor sees
// the same list without the buttons; another owner does not see it at all.
// A scripted agent in node holds the credentials (DPoP-bound, as HIGH and
// CRITICAL agents must be; this one is LOW and binds them anyway).
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, type Account } from "./support/accounts";
import { ensurePerson, freshPage } from "./support/approvals";
import { expect, test, watchForPageErrors } from "./support/fixtures";
import { ScriptedAgent } from "./support/scripted-agent";

test.describe.configure({ mode: "serial" });

const AGENT = "ledger-reader";
const LEDGER = "https://ledger.e2e-live-credentials.test";
const read = (intent: string) => ({ location: LEDGER, actions: ["read"], identifier: "ledger/2026-11", intent });

// An owner of this spec's own: the shared owner account is deactivated by an earlier spec.
const LEDGER_OWNER: Account = { name: "Lars Ledger", email: "lars@example.test", password: "ledger-owner-password-1", roleLabel: "Owner", storageState: "" };

let agent: ScriptedAgent;
let ownerPage: Page;
let assertNoPageErrors: () => void;
const credentials: Record<string, string> = {};

/** Asks for a credential and returns its id, as the agent's page lists it. */
async function issue(owner: APIRequestContext, intent: string): Promise<string> {
  const answer = await agent.ask(read(intent));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.token_type).toBe("DPoP");
  const list = await (await owner.get(`/api/v1/agents/${agent.id}/credentials`)).json();
  const row = list.items.find((c: { task: { id: string } }) => c.task.id === answer.body.task_id);
  expect(row, `credential of task ${answer.body.task_id} listed`).toBeTruthy();
  return row.id as string;
}

async function stateOf(admin: APIRequestContext, credentialId: string) {
  const life = await (await admin.get(`/api/v1/credentials/${credentialId}`)).json();
  return { state: life.state as string, revokeReason: life.revokeReason as string | null };
}

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ storageState: ADMIN.storageState });
  await ensurePerson(admin.request, LEDGER_OWNER, "OWNER");
  await admin.close();
  ownerPage = await freshPage(browser, LEDGER_OWNER);
  assertNoPageErrors = watchForPageErrors(ownerPage);
  agent = await ScriptedAgent.register(ownerPage.request, { name: AGENT, riskTier: "LOW", audience: LEDGER, actions: ["read"] });
  credentials.first = await issue(ownerPage.request, "Reconcile the November ledger");
  credentials.second = await issue(ownerPage.request, "Export the ledger for the auditors");
  credentials.third = await issue(ownerPage.request, "Check yesterday's postings");
});

test.afterAll(async () => {
  await ownerPage?.context().close();
  assertNoPageErrors?.();
});

test("the owner revokes one credential with a reason; it dies and leaves the list", async ({ adminPage: admin }) => {
  const page = ownerPage;
  await page.goto(`/agents/${agent.id}`);
  const panel = page.getByRole("region", { name: "Live credentials" });
  await expect(panel.getByRole("row")).toHaveCount(4); // header + three
  const row = panel.getByRole("row").filter({ hasText: "Reconcile the November ledger" });
  await expect(row).toContainText("read");
  await expect(row).toContainText(LEDGER);
  await expect(row).toContainText("DPoP-bound");

  await row.getByRole("button", { name: `Revoke the read credential for ${LEDGER}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke credential" });
  await expect(dialog).toContainText("stops working at once");
  // A reason is required, and said so at the field.
  await dialog.getByLabel("Reason").fill("x");
  await dialog.getByRole("button", { name: "Revoke credential" }).click();
  await expect(dialog.getByLabel("Reason")).toHaveAccessibleDescription(/at least 3 characters/);
  await dialog.getByLabel("Reason").fill("Token pasted into a support ticket");
  await dialog.getByRole("button", { name: "Revoke credential" }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole("status")).toHaveText("1 credential revoked.");
  await expect(panel.getByRole("row").filter({ hasText: "Reconcile the November ledger" })).toHaveCount(0);
  await expect(panel.getByRole("row")).toHaveCount(3);

  expect(await stateOf(admin.request, credentials.first)).toEqual({ state: "REVOKED", revokeReason: "manual: Token pasted into a support ticket" });
  expect((await stateOf(admin.request, credentials.second)).state).toBe("LIVE");
});

test("an auditor sees the live credentials but no buttons; another owner does not see the panel", async ({ auditorPage, otherOwnerPage }) => {
  await auditorPage.goto(`/agents/${agent.id}`);
  const panel = auditorPage.getByRole("region", { name: "Live credentials" });
  await expect(panel.getByRole("row").filter({ hasText: "Export the ledger for the auditors" })).toBeVisible();
  await expect(panel.getByRole("link", { name: "Credential life" }).first()).toBeVisible();
  await expect(panel.getByRole("button")).toHaveCount(0);

  await otherOwnerPage.goto(`/agents/${agent.id}`);
  await expect(otherOwnerPage.getByRole("heading", { name: AGENT, level: 1 })).toBeVisible();
  await expect(otherOwnerPage.getByRole("region", { name: "Live credentials" })).toHaveCount(0);
  expect((await otherOwnerPage.request.get(`/api/v1/agents/${agent.id}/credentials`)).status()).toBe(403);
});

test("the owner ends one task, then revokes everything that is left", async ({ adminPage: admin }) => {
  const page = ownerPage;
  await page.goto(`/agents/${agent.id}`);
  const panel = page.getByRole("region", { name: "Live credentials" });
  await panel.getByRole("button", { name: "End the task Export the ledger for the auditors" }).click();
  const endTask = page.getByRole("dialog", { name: "End task" });
  await endTask.getByLabel("Reason").fill("The audit export was cancelled");
  await endTask.getByRole("button", { name: "End task" }).click();
  await expect(endTask).toBeHidden();
  await expect(panel.getByRole("row").filter({ hasText: "Export the ledger for the auditors" })).toHaveCount(0);
  expect(await stateOf(admin.request, credentials.second)).toEqual({ state: "REVOKED", revokeReason: "manual: The audit export was cancelled" });

  await panel.getByRole("button", { name: "Revoke all" }).click();
  const all = page.getByRole("dialog", { name: "Revoke all credentials" });
  await expect(all).toContainText(`Every live credential of ${AGENT} stops working at once`);
  await all.getByLabel("Reason").fill("Rotating after the incident review");
  await all.getByRole("button", { name: "Revoke all credentials" }).click();
  await expect(all).toBeHidden();
  await expect(panel.getByText("No live credentials")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Revoke all" })).toHaveCount(0);
  expect(await stateOf(admin.request, credentials.third)).toEqual({ state: "REVOKED", revokeReason: "manual: Rotating after the incident review" });
});

test("an environment that is production by another name is refused at the field", async () => {
  const page = ownerPage;
  await page.goto(`/agents/${agent.id}/edit`);
  await page.getByLabel("Environment").fill("prod");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Environment")).toHaveAccessibleDescription(/call it production/);
  await page.goto(`/agents/${agent.id}`);
  await expect(page.getByRole("heading", { name: AGENT, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Details" }).getByText("development", { exact: true })).toBeVisible();
});
