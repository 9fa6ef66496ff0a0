// What the approval specs share: a security lead of their own (added by the
// admin on first use, signed in fresh for every test), fresh sign-ins for
// approving high-risk requests, and short cuts through the API for set-up and
// clean-up that are not what a spec is about.
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { ADMIN, BASE_URL, type Account } from "./accounts";
import { expect, signIn, test as base, watchForPageErrors } from "./fixtures";

export { expect, watchForPageErrors };

/** Decides any request; used only by the approval and webhook specs. */
export const SECURITY_LEAD: Account = { name: "Sid Security", email: "sid@example.test", password: "security-password-123", roleLabel: "Security lead", storageState: "" };

export const ORIGIN = { origin: BASE_URL };
export const BILLING = "https://billing.e2e-approvals.test";
export const JUSTIFICATION = "Checked ticket 4411 myself: the duplicate charge is real, refund it.";

/** Adds a person through the admin's session, unless they already exist (a re-run in the same database). */
export async function ensurePerson(admin: APIRequestContext, account: Account, role: "OWNER" | "SECURITY_LEAD" | "AUDITOR") {
  const r = await admin.post("/api/v1/users", { headers: ORIGIN, data: { email: account.email, name: account.name, role, password: account.password } });
  if (r.status() !== 201 && r.status() !== 409) throw new Error(`adding ${account.email} failed: ${r.status()} ${await r.text()}`);
}

/** A browser context signed in just now (a sign-in from the last ten minutes is what high-risk approvals need). */
export async function freshPage(browser: Browser, account: Account, contextOptions: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

export const test = base.extend<{ securityLeadPage: Page }>({
  securityLeadPage: async ({ browser }, use) => {
    const adminContext = await browser.newContext({ storageState: ADMIN.storageState });
    await ensurePerson(adminContext.request, SECURITY_LEAD, "SECURITY_LEAD");
    await adminContext.close();
    const page = await freshPage(browser, SECURITY_LEAD);
    const assertNoPageErrors = watchForPageErrors(page);
    await use(page);
    await page.context().close();
    assertNoPageErrors();
  },
});

/** A signed-in request context for set-up outside any page (e.g. in beforeAll). */
export async function sessionOf(browser: Browser, account: Account): Promise<APIRequestContext> {
  const context = await browser.newContext({ storageState: account.storageState });
  return context.request;
}

/** The navigation link to the inbox; its name carries the badge ("Approvals, 2 waiting for you"). */
export function approvalsLink(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ });
}

export async function inboxCount(page: Page): Promise<number> {
  const r = await page.request.get("/api/v1/me/inbox");
  expect(r.status()).toBe(200);
  return (await r.json()).pendingApprovals;
}

/** Decides through the API with the page's session (clean-up, not the subject of a test). */
export async function denyViaApi(page: Page, id: string) {
  const r = await page.request.post(`/api/v1/step-ups/${id}/deny`, { headers: ORIGIN, data: { justification: "Clean-up after the test: not a real request." } });
  expect(r.status(), await r.text()).toBe(200);
}

/** The row of a request in the inbox, by its agent's name. */
export function requestRow(page: Page, agentName: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: agentName, exact: true }) });
}
