// `npm run demo` as a newcomer meets it: the demo is started the way the
// README says (on its own port and database, beside the specs' server), a
// new visitor signs in as the printed demo owner, sees approvals arriving
// live from the simulated agents, approves one, and watches the agent pick
// up its credential and finish the task. The auditor sees the live decisions
// (owners have no access to the audit log). Ctrl-C stops the demo cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { E2E_PORT } from "./support/accounts";
import { watchForPageErrors } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const DEMO_PORT = Number(process.env.E2E_DEMO_PORT || E2E_PORT + 100);
const DEMO_URL = `http://localhost:${DEMO_PORT}`;
let demo: ChildProcess;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(300_000);
  demo = spawn(process.execPath, [path.join(__dirname, "..", "scripts", "demo.mjs"), "--port", String(DEMO_PORT), "--db", "data/demo-e2e.db"], { cwd: path.join(__dirname, ".."), stdio: ["ignore", "pipe", "pipe"] });
  demo.stdout!.on("data", (chunk) => (output += chunk));
  demo.stderr!.on("data", (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 290_000, intervals: [1000] }).toContain(`Mandate demo is running at ${DEMO_URL}`);
});

test.afterAll(async () => {
  if (!demo || demo.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => demo.once("exit", (code) => resolve(code)));
  demo.kill("SIGINT");
  expect(await exited).toBe(0);
});

/** The sign-in line the demo printed for a role, e.g. "owner@demo.mandate.test / demo-owner-password". */
function printedSignIn(): { email: string; password: string } {
  const m = /Sign in as .+ \(owner\): (\S+) \/ (\S+)/.exec(output);
  if (!m) throw new Error(`the demo printed no owner sign-in:\n${output}`);
  return { email: m[1], password: m[2] };
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${DEMO_URL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("a new visitor signs in as the demo owner, approves a pending request live, and the agent's task continues", async ({ browser }) => {
  test.setTimeout(120_000);
  expect(output).toMatch(/Other people:[\s\S]*Auditor +auditor@demo\.mandate\.test/);
  const context = await browser.newContext();
  const page = await context.newPage();
  const assertNoPageErrors = watchForPageErrors(page);
  const { email, password } = printedSignIn();
  await signIn(page, email, password);

  await page.goto(`${DEMO_URL}/approvals`);
  await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  // refund-assistant opens with a refund, so a request is waiting for the owner within seconds.
  const row = page.getByRole("row").filter({ hasText: "Refund the duplicate charge of ticket 4411" }).first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("Needs your decision");
  await row.getByRole("link", { name: "refund-assistant" }).click();
  await expect(page.getByRole("heading", { name: "refund-assistant asks to refund", level: 1 })).toBeVisible();

  await page.getByLabel("Justification").fill("Ticket 4411 shows the duplicate charge; refund it.");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Your approval was recorded.")).toBeVisible();
  // The simulated agent was polling: it collects the credential, does the work, and completes the task.
  await expect(page.getByRole("status").filter({ hasText: "Approved and redeemed" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Credential", exact: true })).toContainText("Revoked", { timeout: 30_000 });
  await context.close();
  assertNoPageErrors();
});

test("the demo auditor sees live decisions: allowed, denied and step-up, from a dozen agents", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const assertNoPageErrors = watchForPageErrors(page);
  const auditor = /Auditor +(\S+) +(\S+)/.exec(output)!;
  await signIn(page, auditor[1], auditor[2]);
  await page.goto(`${DEMO_URL}/logs`);
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await page.getByLabel("Event type").selectOption({ label: "Decisions" });
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table.getByRole("row").nth(1)).toContainText("decision.recorded");
  // The agents keep deciding: a reload brings new decisions, allowed, denied and step-up.
  await expect(async () => {
    await page.reload();
    await expect(table.getByRole("row").filter({ hasText: "Allowed" }).first()).toBeVisible({ timeout: 2_000 });
    await expect(table.getByRole("row").filter({ hasText: "Step-up" }).first()).toBeVisible({ timeout: 2_000 });
    // legacy-exporter's owner has left: every one of its requests is denied.
    await expect(table.getByRole("row").filter({ hasText: "legacy-exporter" }).filter({ hasText: "Denied" }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const text = await table.innerText();
  const deciding = ["refund-assistant", "invoice-reconciler", "crm-enricher", "support-triage", "research-orchestrator", "deploy-bot", "ledger-closer", "data-janitor", "legacy-exporter"].filter((name) => text.includes(name));
  expect(deciding.length, `agents with decisions on the first page: ${deciding.join(", ")}`).toBeGreaterThanOrEqual(4);
  await context.close();
  assertNoPageErrors();
});
