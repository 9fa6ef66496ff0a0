// One browser context per role, each from the session saved by
// accounts.setup.ts, so a spec can act as several people side by side.
import { test as base, expect, type Page } from "@playwright/test";
import { ADMIN, AUDITOR, OTHER_OWNER, OWNER, type Account } from "./accounts";

type RolePages = { adminPage: Page; ownerPage: Page; otherOwnerPage: Page; auditorPage: Page };

const CSP_VIOLATION = /Content Security Policy/i;

/**
 * Uncaught exceptions, React hydration mismatches and anything the
 * Content-Security-Policy blocked fail the test: all are bugs a person would
 * meet even when every assertion passes.
 */
export function watchForPageErrors(page: Page): () => void {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && (/hydrat/i.test(m.text()) || CSP_VIOLATION.test(m.text()))) problems.push(`console: ${m.text()}`);
  });
  return () => expect(problems, "errors in the page").toEqual([]);
}

/** Only what the Content-Security-Policy blocked (for the plain `page` of every spec). */
function watchForCspViolations(page: Page): () => void {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && CSP_VIOLATION.test(m.text())) blocked.push(m.text());
  });
  return () => expect(blocked, "blocked by the Content-Security-Policy").toEqual([]);
}

function pageFor(account: Account) {
  return async ({ browser }: { browser: import("@playwright/test").Browser }, use: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ storageState: account.storageState });
    const page = await context.newPage();
    const assertNoPageErrors = watchForPageErrors(page);
    await use(page);
    await context.close();
    assertNoPageErrors();
  };
}

export const test = base.extend<RolePages>({
  page: async ({ page }, use) => {
    const assertNothingBlocked = watchForCspViolations(page);
    await use(page);
    assertNothingBlocked();
  },
  adminPage: pageFor(ADMIN),
  ownerPage: pageFor(OWNER),
  otherOwnerPage: pageFor(OTHER_OWNER),
  auditorPage: pageFor(AUDITOR),
});

export { expect };

/** Signs in through the login page and waits for the signed-in shell. */
export async function signIn(page: Page, account: Account, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
