// Access reviews, end to end. A security lead opens a review of one
// environment in the dashboard; its owner works through their inbox — keeps
// one agent, narrows another, decommissions the third, each with a
// justification — while the lead watches the progress. Then a review that
// nobody finishes runs to its due date (the application clock is moved past
// it, see support/clock.ts): the unreviewed agent is suspended and its live
// credential, still far from expiry, stops introspecting as active.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, BASE_URL, type Account } from "./support/accounts";
import { ensurePerson, freshPage, ORIGIN } from "./support/approvals";
import { Agent, newKey, ResourceServer } from "./support/broker-agent";
import { resetClock, shiftClock } from "./support/clock";
import { expect, test } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

// People of their own, so no other spec's inbox or agent list changes.
const LEAD: Account = { name: "Lena Lead", email: "lena@example.test", password: "lead-password-12345", roleLabel: "Security lead", storageState: "" };
const REVIEWER: Account = { name: "Omar Owner", email: "omar@example.test", password: "owner-password-12345", roleLabel: "Owner", storageState: "" };
const AUDIENCE = "https://ledger.e2e-reviews.test";
const run = randomBytes(3).toString("hex");
const ENVIRONMENT = `reviews-${run}`;

let leadPage: Page;
let ownerPage: Page;

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ storageState: ADMIN.storageState });
  await ensurePerson(admin.request, LEAD, "SECURITY_LEAD");
  await ensurePerson(admin.request, REVIEWER, "OWNER");
  await admin.close();
  leadPage = await freshPage(browser, LEAD);
  ownerPage = await freshPage(browser, REVIEWER);
});

test.afterAll(async () => {
  resetClock();
  await leadPage?.context().close();
  await ownerPage?.context().close();
});

/** An agent the reviewer registers and acknowledges, with its own keys, ready to ask for credentials. */
async function registerAgent(owner: APIRequestContext, name: string, actions: string[]): Promise<Agent> {
  const key = await newKey();
  const created = await owner.post("/api/v1/agents", {
    headers: ORIGIN,
    data: { name, environment: ENVIRONMENT, riskTier: "LOW", requireDpop: true, ceiling: { audiences: [AUDIENCE], actions, maxTtlSeconds: 900 }, jwks: { keys: [key.publicJwk] } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  expect((await owner.post(`/api/v1/agents/${id}/owner/acknowledge`, { headers: ORIGIN })).status()).toBe(200);
  return new Agent(owner, id, key, await newKey());
}

/** The agent as its owner sees it through the API. */
async function agentOf(id: string) {
  return (await (await ownerPage.request.get(`/api/v1/agents/${id}`)).json()).agent;
}

/** A task card in the reviewer's inbox. */
const taskCard = (page: Page, agentName: string) => page.getByRole("article", { name: agentName });

test("an owner keeps, narrows and decommissions from their inbox while the security lead watches the progress", async () => {
  const keep = `keep-${run}`;
  const narrow = `narrow-${run}`;
  const retire = `retire-${run}`;
  await registerAgent(ownerPage.request, keep, ["read"]);
  const narrowed = await registerAgent(ownerPage.request, narrow, ["read", "write"]);
  const retired = await registerAgent(ownerPage.request, retire, ["read"]);

  // The lead opens a review of the environment in the dashboard.
  await leadPage.goto("/reviews");
  await leadPage.getByRole("link", { name: "New access review" }).click();
  const form = leadPage.getByRole("form", { name: "New access review" });
  await form.getByLabel("Name").fill(`Environment review ${run}`);
  await form.getByLabel("Scope").selectOption({ label: "An environment" });
  await form.getByLabel("Environment").selectOption(ENVIRONMENT);
  // The default due date (two weeks ahead) is filled in by the browser.
  await expect(form.getByLabel("Due date")).not.toHaveValue("");
  await form.getByRole("button", { name: "Open review" }).click();
  await expect(leadPage.getByRole("heading", { name: `Environment review ${run}`, level: 1 })).toBeVisible();
  const progress = leadPage.getByRole("progressbar", { name: `Progress of Environment review ${run}` });
  await expect(progress).toHaveAttribute("aria-valuetext", "0 of 3 reviewed");

  // The owner sees the three tasks in their inbox, with a badge in the navigation.
  await ownerPage.goto("/agents");
  await expect(ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Reviews.*3 to review/ })).toBeVisible();
  await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Reviews/ }).click();
  await expect(ownerPage.getByRole("heading", { name: "Access reviews", level: 1 })).toBeVisible();
  for (const name of [keep, narrow, retire]) await expect(taskCard(ownerPage, name)).toBeVisible();

  // Keep: a justification is required.
  const keepCard = taskCard(ownerPage, keep);
  await keepCard.getByRole("radio", { name: /Keep as is/ }).check();
  await keepCard.getByLabel("Justification").fill("short");
  await keepCard.getByRole("button", { name: "Submit review" }).click();
  await expect(keepCard.getByText("Must be at least 10 characters")).toBeVisible();
  await keepCard.getByLabel("Justification").fill("Still reconciles the ledger every night");
  await keepCard.getByRole("button", { name: "Submit review" }).click();
  await expect(taskCard(ownerPage, keep)).toHaveCount(0);

  // Narrow: untick the verb it no longer needs.
  const narrowCard = taskCard(ownerPage, narrow);
  await narrowCard.getByRole("radio", { name: /Narrow/ }).check();
  await narrowCard.getByRole("checkbox", { name: "write" }).uncheck();
  await narrowCard.getByLabel("Justification").fill("Writes moved to the new posting service");
  await narrowCard.getByRole("button", { name: "Submit review" }).click();
  await expect(taskCard(ownerPage, narrow)).toHaveCount(0);

  // Decommission.
  const retireCard = taskCard(ownerPage, retire);
  await retireCard.getByRole("radio", { name: /Decommission/ }).check();
  await retireCard.getByLabel("Justification").fill("Replaced by ledger-sync last quarter");
  await retireCard.getByRole("button", { name: "Submit review" }).click();
  await expect(taskCard(ownerPage, retire)).toHaveCount(0);
  await expect(ownerPage.getByText("Nothing to review.")).toBeVisible();
  const done = ownerPage.getByRole("table", { name: /decided/ });
  await expect(done.getByRole("row", { name: new RegExp(narrow) })).toContainText("Narrowed");
  await expect(done.getByRole("row", { name: new RegExp(retire) })).toContainText("Decommissioned");

  // The lead's page follows without a reload.
  await expect(progress).toHaveAttribute("aria-valuetext", "3 of 3 reviewed");
  const detail = leadPage.getByRole("table", { name: `Agents in Environment review ${run}` });
  await expect(detail.getByRole("row", { name: new RegExp(keep) })).toContainText("Still reconciles the ledger every night");
  await expect(detail.getByRole("row", { name: new RegExp(narrow) })).toContainText("Narrowed");
  await leadPage.goto("/reviews?tab=campaigns");
  await expect(leadPage.getByRole("row", { name: new RegExp(`Environment review ${run}`) }).getByRole("progressbar")).toHaveAttribute("aria-valuetext", "3 of 3 reviewed");

  // The decisions took effect.
  expect((await agentOf(narrowed.id)).ceiling.actions).toEqual(["read"]);
  expect((await agentOf(retired.id)).status).toBe("DECOMMISSIONED");
});

test("a review nobody finishes runs to its due date: the agent is suspended and its live credential dies", async ({ playwright, browser }) => {
  const api = await playwright.request.newContext({ baseURL: BASE_URL });
  const adminContext = await browser.newContext({ storageState: ADMIN.storageState });
  const rsKey = await newKey();
  const registered = await adminContext.request.post("/api/v1/resources", { headers: ORIGIN, data: { name: `Ledger ${run}`, audience: AUDIENCE, jwks: { keys: [rsKey.publicJwk] } } });
  expect(registered.status(), await registered.text()).toBe(201);
  const resource = new ResourceServer(api, (await registered.json()).id, rsKey);
  const forgotten = `forgotten-${run}`;
  const agent = await registerAgent(ownerPage.request, forgotten, ["read"]);

  // The posture page's bulk action links here with the agents ticked.
  await leadPage.goto(`/reviews/new?agent=${agent.id}`);
  const form = leadPage.getByRole("form", { name: "New access review" });
  await expect(form.getByLabel("Scope")).toHaveValue("AGENTS");
  await expect(form.getByRole("checkbox", { name: new RegExp(forgotten) })).toBeChecked();
  await expect(form.getByLabel("Due date")).not.toHaveValue("");
  await form.getByLabel("Name").fill(`Due-date review ${run}`);
  // Due in two to three minutes (the input takes whole minutes in the browser's time zone).
  const due = await leadPage.evaluate(() => {
    const d = new Date(Date.now() + 3 * 60_000);
    d.setSeconds(0, 0);
    return { local: new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16), at: d.getTime() };
  });
  await form.getByLabel("Due date").fill(due.local);
  await form.getByRole("button", { name: "Open review" }).click();
  await expect(leadPage.getByRole("heading", { name: `Due-date review ${run}`, level: 1 })).toBeVisible();

  // The agent works: a credential for 15 minutes, active at the resource.
  const issued = await agent.requestCredential({ locations: [AUDIENCE], actions: ["read"], identifier: "ledger/2026-11", intent: "Reconcile the November ledger" }, 900);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  expect((await resource.introspect(issued.body.access_token)).body).toMatchObject({ active: true });

  // Nobody reviews it. Move the application clock just past the due date; the job (every 5 s) does the rest.
  shiftClock(due.at - Date.now() + 20_000);
  await expect
    .poll(async () => (await agentOf(agent.id)).status, { timeout: 30_000, intervals: [1000] })
    .toBe("SUSPENDED");
  // Revoked because the agent was suspended — the token itself has more than ten minutes to live.
  expect((await resource.introspect(issued.body.access_token)).body).toEqual({ active: false });
  expect((await agentOf(agent.id)).statusReason).toContain(`Due-date review ${run}`);

  // The campaign closed, and says why the agent was suspended.
  await leadPage.reload();
  await expect(leadPage.getByText("Closed", { exact: true }).first()).toBeVisible();
  await expect(leadPage.getByRole("row", { name: new RegExp(forgotten) })).toContainText("Not reviewed: suspended");
  await expect(leadPage.getByRole("link", { name: "Export evidence" })).toHaveAttribute("href", /^\/evidence\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);

  // The owner was told.
  const notes = await (await ownerPage.request.get("/api/v1/notifications")).json();
  expect(notes.items.map((n: { title: string }) => n.title)).toContain(`${forgotten} was suspended: its access review was not done`);

  resetClock();
  await api.dispose();
  await adminContext.close();
});

test("an auditor reads campaigns but opens none and decides nothing", async ({ auditorPage }) => {
  await auditorPage.goto("/reviews");
  await expect(auditorPage.getByRole("heading", { name: "Access reviews", level: 1 })).toBeVisible();
  await expect(auditorPage.getByRole("row", { name: new RegExp(`Environment review ${run}`) })).toBeVisible();
  await expect(auditorPage.getByRole("link", { name: "New access review" })).toHaveCount(0);
  await expect(auditorPage.getByRole("navigation", { name: "Review views" })).toHaveCount(0);
  expect((await auditorPage.request.post("/api/v1/access-reviews", { headers: ORIGIN, data: { name: "Not allowed", scope: { kind: "ALL" }, dueAt: new Date(Date.now() + 86_400_000).toISOString() } })).status()).toBe(403);
});
