// Step-up approvals in the browser, with a scripted agent in node asking for
// refunds (a destructive verb, so policy wants a person first): (a) a request
// appears live in the owner's and the security lead's inbox, with the badge
// count; (b) a too-short justification is refused with the server's reason;
// the owner's approval gives the agent its token exactly once; (d) a denial
// gives the agent access_denied and the page says who denied it and why;
// (f) the auditor sees all of it and can decide none of it; notifications
// lead to the requests. One agent, so the tests run in order.
import { OTHER_OWNER } from "./support/accounts";
import { BILLING, JUSTIFICATION, ORIGIN, SECURITY_LEAD, approvalsLink, denyViaApi, expect, inboxCount, requestRow, test } from "./support/approvals";
import { ScriptedAgent, type StepUp } from "./support/scripted-agent";

test.describe.configure({ mode: "serial" });

const AGENT = "refund-helper";
const FIRST_INTENT = "Refund the duplicate charge of ticket 4411";
const DENIED_INTENT = "Refund ticket 5120 a second time";
const PHONE = { width: 390, height: 844 };

let agent: ScriptedAgent;
let approved: StepUp;
let denied: StepUp;

const refund = (intent: string) => ({ location: BILLING, actions: ["refund"], identifier: "invoices/2026-11", intent });

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: OTHER_OWNER.storageState });
  agent = await ScriptedAgent.register(context.request, { name: AGENT, riskTier: "LOW", audience: BILLING, actions: ["read", "refund"] });
  await context.close();
});

test("a refund appears live in the owner's and the security lead's inbox, with the badge count", async ({ otherOwnerPage: owner, securityLeadPage: lead }) => {
  await owner.goto("/agents");
  await approvalsLink(owner).click();
  await expect(owner.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  await expect(owner.getByRole("link", { name: "Pending" })).toHaveAttribute("aria-current", "page");
  await lead.goto("/approvals");
  const before = await inboxCount(owner);

  approved = await agent.askForStepUp(refund(FIRST_INTENT));

  // No reload: the inbox and the badge ask again every few seconds.
  const row = owner.getByRole("row").filter({ hasText: FIRST_INTENT });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: AGENT })).toBeVisible();
  await expect(row).toContainText(`refund on ${BILLING}`);
  await expect(row).toContainText("Low risk");
  await expect(row.getByRole("timer")).toHaveText(/^\d+:\d{2} left$/);
  await expect(row).toContainText("0/1");
  await expect(row).toContainText("Needs your decision");
  await expect(approvalsLink(owner)).toHaveAccessibleName(new RegExp(`^Approvals\\W*${before + 1} waiting for you$`));
  // On a phone the table scrolls inside its frame; the page itself never scrolls sideways.
  await owner.setViewportSize(PHONE);
  await expect(row).toBeVisible();
  expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // The security lead may decide any request, so it is in their inbox too.
  await expect(lead.getByRole("row").filter({ hasText: FIRST_INTENT })).toBeVisible();
});

test("the request page shows exactly what is asked; a too-short justification is refused; an approval gives the token once", async ({ otherOwnerPage: owner }) => {
  await owner.goto("/approvals");
  await requestRow(owner, AGENT).filter({ hasText: FIRST_INTENT }).getByRole("link", { name: AGENT }).click();
  await expect(owner).toHaveURL(`/approvals/${approved.authReqId}`);
  await expect(owner.getByRole("heading", { name: `${AGENT} asks to refund`, level: 1 })).toBeVisible();
  const access = owner.getByRole("region", { name: "Requested access" });
  await expect(access.getByText(FIRST_INTENT)).toBeVisible();
  await expect(access.getByRole("row", { name: `${BILLING} refund invoices/2026-11` })).toBeVisible();
  const why = owner.getByRole("region", { name: "Why a person must approve" });
  await expect(why).toContainText("The action is destructive or irreversible");
  await expect(why).toContainText("step-up-destructive-verb");
  const { requestDigest } = await (await owner.request.get(`/api/v1/step-ups/${approved.authReqId}`)).json();
  await expect(owner.getByRole("region", { name: "Request digest" })).toContainText(requestDigest);
  await expect(owner.getByRole("region", { name: "Agent", exact: true })).toContainText(OTHER_OWNER.name);
  await expect(owner.getByRole("main").getByRole("timer").first()).toHaveText(/\d+:\d{2}/);

  // (b) "ok" is not a justification: the server's reason shows at the field.
  const justification = owner.getByLabel("Justification");
  await justification.fill("ok");
  await owner.getByRole("button", { name: "Approve" }).click();
  await expect(justification).toHaveAccessibleDescription(/at least 15 characters/);
  await expect(owner.getByRole("status").filter({ hasText: "Waiting for a decision: 0 of 1 approvals" })).toBeVisible();

  await justification.fill(JUSTIFICATION);
  await owner.getByRole("button", { name: "Approve" }).click();
  await expect(owner.getByText("Your approval was recorded.")).toBeVisible();
  await expect(owner.getByRole("status").filter({ hasText: `Approved by ${OTHER_OWNER.name}` })).toBeVisible();
  await expect(owner.getByRole("region", { name: "Decisions", exact: true })).toContainText(JUSTIFICATION);
  await expect(owner.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const { final, answers } = await agent.pollUntilDecided(approved);
  expect(final.status, JSON.stringify(final.body)).toBe(200);
  expect(final.body).toMatchObject({ token_type: "DPoP", authorization_details: [{ actions: ["refund"], locations: [BILLING] }] });
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  expect(await agent.poll(approved.authReqId)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

  // The page keeps watching: the redemption and the credential's life appear.
  await expect(owner.getByRole("status").filter({ hasText: "Approved and redeemed" })).toBeVisible();
  await expect(owner.getByRole("region", { name: "Credential", exact: true })).toContainText("Live");
});

test("a denied request gives the agent access_denied; the page shows who denied it and why", async ({ otherOwnerPage: owner, securityLeadPage: lead }) => {
  denied = await agent.askForStepUp(refund(DENIED_INTENT));
  await lead.goto(`/approvals/${denied.authReqId}`);
  // The earlier approval for the same action is there to compare with.
  await expect(lead.getByRole("region", { name: "Earlier requests for the same action" })).toContainText(`${OTHER_OWNER.name} approved: “${JUSTIFICATION}”`);
  await lead.getByLabel("Justification").fill("Ticket 5120 was refunded last week; this would pay the customer twice.");
  await lead.getByRole("button", { name: "Deny" }).click();
  await expect(lead.getByText("Your denial was recorded.")).toBeVisible();

  const { final } = await agent.pollUntilDecided(denied);
  expect(final).toMatchObject({ status: 400, body: { error: "access_denied" } });

  await owner.goto(`/approvals/${denied.authReqId}`);
  const banner = owner.getByRole("alert").filter({ hasText: "Denied" });
  await expect(banner).toContainText(`Denied by ${SECURITY_LEAD.name}`);
  await expect(banner).toContainText("this would pay the customer twice");
  await expect(owner.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await approvalsLink(owner).click();
  await owner.getByRole("navigation", { name: "Approval views" }).getByRole("link", { name: "Decided" }).click();
  await expect(owner).toHaveURL(/\/approvals\?tab=decided$/);
  await expect(owner.getByRole("row").filter({ hasText: DENIED_INTENT })).toContainText("Denied");
  await expect(owner.getByRole("row").filter({ hasText: FIRST_INTENT })).toContainText("Redeemed");
});

test("the auditor sees all of it, on a phone, and can decide none of it", async ({ auditorPage: auditor, otherOwnerPage: owner }) => {
  const intent = "Refund ticket 6000, for the auditor to review";
  const pending = await agent.askForStepUp(refund(intent));
  await auditor.setViewportSize(PHONE);
  await auditor.goto("/approvals");
  const row = auditor.getByRole("row").filter({ hasText: intent });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText("Needs your decision");
  await expect(approvalsLink(auditor)).toHaveAccessibleName("Approvals");
  expect(await auditor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  await row.getByRole("link", { name: AGENT }).click();
  await expect(auditor.getByRole("region", { name: "Requested access" })).toContainText(intent);
  await expect(auditor.getByText("Your role can review step-up requests but not decide them.")).toBeVisible();
  await expect(auditor.getByRole("button", { name: /^(Approve|Deny)$/ })).toHaveCount(0);
  await expect(auditor.getByLabel("Justification")).toHaveCount(0);
  expect(await auditor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // The API refuses too: hiding the buttons is not the control.
  const tried = await auditor.request.post(`/api/v1/step-ups/${pending.authReqId}/approve`, { headers: ORIGIN, data: { justification: JUSTIFICATION } });
  expect(tried.status()).toBe(403);

  await auditor.goto(`/approvals/${denied.authReqId}`);
  await expect(auditor.getByRole("alert").filter({ hasText: `Denied by ${SECURITY_LEAD.name}` })).toBeVisible();
  await auditor.goto(`/approvals/${approved.authReqId}`);
  await expect(auditor.getByRole("region", { name: "Decisions", exact: true })).toContainText(`${OTHER_OWNER.name}`);
  await expect(auditor.getByRole("region", { name: "Decisions", exact: true })).toContainText(JUSTIFICATION);
  await expect(auditor.getByRole("button", { name: /^(Approve|Deny)$/ })).toHaveCount(0);

  await denyViaApi(owner, pending.authReqId);
});

test("notifications lead the owner to the requests, and can be marked read", async ({ otherOwnerPage: owner }) => {
  await owner.goto("/approvals");
  const bell = owner.getByRole("banner").getByRole("link", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName(/^Notifications, \d+ unread$/);
  await bell.click();
  await expect(owner.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const list = owner.getByRole("list", { name: "Notifications" });
  const summary = owner.getByRole("main").getByRole("status").filter({ hasText: /unread|Everything is read/ });
  const unreadBefore = Number((await summary.textContent())?.match(/(\d+) unread/)?.[1]);
  expect(unreadBefore).toBeGreaterThanOrEqual(2);

  const unreadItems = list.getByRole("listitem").filter({ hasText: "Unread" });
  await unreadItems.first().getByRole("button", { name: /^Mark “.+” as read$/ }).click();
  await expect(summary).toHaveText(`${unreadBefore - 1} unread`);

  const aboutRequest = unreadItems.filter({ hasText: `${AGENT} asks for approval` }).first();
  await aboutRequest.getByRole("link", { name: "Open request" }).click();
  await expect(owner).toHaveURL(/\/approvals\/[A-Za-z0-9_-]+$/);
  await expect(owner.getByRole("region", { name: "Requested access" })).toBeVisible();

  await bell.click();
  await expect(summary).toHaveText(`${unreadBefore - 2} unread`);
  await owner.getByRole("button", { name: "Mark all as read" }).click();
  await expect(summary).toHaveText("Everything is read.");
  await expect(list.getByRole("listitem").filter({ hasText: "Unread" })).toHaveCount(0);
  await expect(bell).toHaveAccessibleName("Notifications");
});
