// Personal access tokens: shown once, usable at once, dead once revoked.
import { OTHER_OWNER } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("a person creates a token, copies it once, uses it and revokes it", async ({ browser }) => {
  const context = await browser.newContext({ storageState: OTHER_OWNER.storageState, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await expect(page.getByText("You have no API tokens.")).toBeVisible();

  await page.getByLabel("Token name").fill("CI pipeline");
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const notice = page.getByRole("region", { name: "New token" });
  await expect(notice).toContainText("you will not see this token again");
  const token = await notice.getByLabel("New token").inputValue();
  expect(token.length).toBeGreaterThan(20);
  await notice.getByRole("button", { name: "Copy token" }).click();
  await expect(notice.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const row = page.getByRole("row", { name: /CI pipeline/ });
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  const asToken = () => page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  const me = await asToken();
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: OTHER_OWNER.email, role: "OWNER", via: "token" });

  // Once dismissed, the token is gone from the page for good.
  await notice.getByRole("button", { name: "I have copied it" }).click();
  await expect(notice).toHaveCount(0);

  await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: /Revoke/ });
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  expect((await asToken()).status()).toBe(401);
  await context.close();
});
