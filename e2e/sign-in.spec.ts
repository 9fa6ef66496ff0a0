// Signing in and out. Failures say nothing about which part was wrong, and
// sign-in only ever sends people back to a page of this site.
import { ADMIN, AUDITOR, BASE_URL } from "./support/accounts";
import { expect, signIn, test } from "./support/fixtures";

const GENERIC = "Sign-in failed. Check your email and password, or wait a few minutes if you tried several times.";

test("a wrong password and an unknown email get the same generic message", async ({ page }) => {
  for (const email of [AUDITOR.email, "nobody@example.test"]) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next.js has its own (empty) role=alert route announcer; pick ours by text.
    await expect(page.getByRole("alert").filter({ hasText: "Sign-in failed" })).toHaveText(GENERIC);
    await expect(page).toHaveURL(/\/login/);
  }
});

test("sign-in returns to the page that asked for it, never to another site", async ({ page }) => {
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fpeople$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/people$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fagents$/);

  await signIn(page, ADMIN, "//evil.example/steal");
  await expect(page).toHaveURL(`${BASE_URL}/agents`);
});
