// An auditor reads the log: real decisions made through the broker by a
// scripted agent (allowed, denied, sent to a person), then filtered in the
// browser — the URL carries the filters, a reload keeps them, Back walks them
// — and one decision opened in the drawer: its full input, the policies that
// matched and the policy-set version link; and a credential's life.
import { ADMIN, type Account } from "./support/accounts";
import { ensurePerson, expect, freshPage, test } from "./support/approvals";
import { ScriptedAgent } from "./support/scripted-agent";

test.describe.configure({ mode: "serial" });

const LOGGER: Account = { name: "Lou Logger", email: "lou@example.test", password: "logger-password-123", roleLabel: "Owner", storageState: "" };
const AUDIENCE = "https://ledger.e2e-logs.test";
const TICKET = "LOG-7731";
let agent: ScriptedAgent;
const decisions = { allow: "", deny: "", stepUp: "" };

test.beforeAll(async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: ADMIN.storageState });
  await ensurePerson(adminContext.request, LOGGER, "OWNER");
  await adminContext.close();
  const owner = await freshPage(browser, LOGGER);
  agent = await ScriptedAgent.register(owner.request, { name: "ledger-keeper", riskTier: "LOW", audience: AUDIENCE, actions: ["read", "refund"] });
  await owner.context().close();
  const allow = await agent.ask({ location: AUDIENCE, actions: ["read"], identifier: "ledger/2026-11", intent: `Read the November ledger for ticket ${TICKET}` });
  const deny = await agent.ask({ location: AUDIENCE, actions: ["erase"], identifier: "ledger/2026-11", intent: `Erase the November ledger for ticket ${TICKET}` });
  const stepUp = await agent.ask({ location: AUDIENCE, actions: ["refund"], identifier: "ledger/2026-11", intent: `Refund the duplicate charge of ticket ${TICKET}` });
  expect([allow.status, deny.body.error, stepUp.body.error]).toEqual([200, "access_denied", "step_up_required"]);
  Object.assign(decisions, { allow: allow.body.decision_id, deny: deny.body.decision_id, stepUp: stepUp.body.decision_id });
});

test("an auditor filters the log; the URL carries the filters and survives a reload", async ({ auditorPage: page }) => {
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Decisions per hour by outcome/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Decisions per hour by outcome\. \d+ decisions/ })).toBeVisible();

  await page.getByLabel("Agent", { exact: true }).selectOption({ label: "ledger-keeper" });
  await expect(page).toHaveURL(new RegExp(`[?&]agentId=${agent.id}`));
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Denied" });
  await expect(page).toHaveURL(/[?&]outcome=DENY/);
  const rows = page.getByRole("table", { name: /Audit events/ }).getByRole("row");
  await expect(rows).toHaveCount(2); // header + the one denial
  await expect(rows.nth(1)).toContainText("decision.recorded");
  await expect(rows.nth(1)).toContainText("Denied");
  await expect(rows.nth(1)).toContainText(`Erase the November ledger for ticket ${TICKET}`);

  // Free text on top: the step-up decision and its request, found by words of its intent.
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Step-up" });
  await expect(page).toHaveURL(/[?&]outcome=STEP_UP/);
  await page.getByRole("searchbox", { name: "Search intents" }).fill("duplicate charge");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]q=duplicate\+charge/);
  await expect(rows).toHaveCount(3); // header + decision.recorded + step_up.requested
  await expect(rows.filter({ hasText: "step_up.requested" })).toHaveCount(1);

  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search intents" })).toHaveValue("duplicate charge");
  await expect(page.getByLabel("Outcome", { exact: true })).toHaveValue("STEP_UP");
  await expect(page.getByLabel("Agent", { exact: true })).toHaveValue(agent.id);
  await expect(rows).toHaveCount(3);

  // Back walks the views: the denial-only view again.
  await page.goBack();
  await expect(page).toHaveURL(/[?&]outcome=STEP_UP/);
  await expect(page).not.toHaveURL(/[?&]q=/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]outcome=DENY/);
  await expect(rows).toHaveCount(2);
});

test("an auditor opens a decision: its input, the policies that matched and the policy-set version", async ({ auditorPage: page }) => {
  await page.goto(`/logs?agentId=${agent.id}&outcome=STEP_UP&type=decision.recorded`);
  const row = page.getByRole("table", { name: /Audit events/ }).getByRole("row").nth(1);
  await row.getByRole("link", { name: /^Open event \d+: decision\.recorded$/ }).click();
  const drawer = page.getByRole("dialog", { name: /^Event #\d+/ });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/[?&]event=\d+/);
  await expect(drawer.getByLabel("Decision input", { exact: true })).toContainText(`Refund the duplicate charge of ticket ${TICKET}`);
  await expect(drawer.getByLabel("Decision input", { exact: true })).toContainText(AUDIENCE);
  await expect(drawer.getByRole("list", { name: "Matched policies" })).toContainText("step-up-destructive-verb");
  const version = drawer.getByRole("link", { name: /^Policy set v\d+$/ });
  await expect(version).toHaveAttribute("href", /^\/policies\/versions\/\d+$/);
  await expect(drawer.getByRole("link", { name: "Step-up request" })).toBeVisible();

  // The drawer is part of the URL: a reload reopens it, Back closes it.
  await page.reload();
  await expect(page.getByRole("dialog", { name: /^Event #\d+/ }).getByLabel("Decision input", { exact: true })).toContainText(TICKET);
  await page.getByRole("dialog", { name: /^Event #\d+/ }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]event=/);
});

test("an allowed decision leads to its credential's life", async ({ auditorPage: page }) => {
  await page.goto(`/logs?agentId=${agent.id}&outcome=ALLOW&type=decision.recorded`);
  await page.getByRole("link", { name: /^Open event \d+: decision\.recorded$/ }).click();
  const drawer = page.getByRole("dialog", { name: /^Event #\d+/ });
  await expect(drawer.getByRole("list", { name: "Matched policies" })).toContainText("allow-within-ceiling");
  await drawer.getByRole("link", { name: /^Credential life/ }).click();
  await expect(page.getByRole("heading", { name: "Credential life", level: 1 })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Credential timeline" });
  await expect(timeline).toContainText("Decided");
  await expect(timeline).toContainText("Issued");
  await expect(page.getByRole("table", { name: /Audit events about this credential/ })).toContainText("credential.issued");
});

test("owners have no audit log", async ({ otherOwnerPage: page }) => {
  await page.goto("/agents");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const r = await page.request.get("/api/v1/audit/events");
  expect(r.status()).toBe(403);
});
