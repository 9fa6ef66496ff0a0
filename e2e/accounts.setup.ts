// (a) The first administrator sets Mandate up through /setup, and (b) adds an
// owner, a second owner and an auditor in People. Each person's signed-in
// session is saved for the role fixtures in support/fixtures.ts.
import { test as setup, expect } from "@playwright/test";
import { ADMIN, AUDITOR, OTHER_OWNER, OWNER, type Account } from "./support/accounts";
import { signIn } from "./support/fixtures";

setup("the first admin sets up Mandate through /setup", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Mandate" })).toBeVisible();

  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  const banner = page.getByRole("banner");
  await expect(banner.getByText(ADMIN.name)).toBeVisible();
  await expect(banner.getByText("Admin", { exact: true })).toBeVisible();
  await page.context().storageState({ path: ADMIN.storageState });

  // Setup is closed for good once someone exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/agents$/);
  expect((await page.request.get("/api/setup")).ok()).toBe(true);
  expect(await (await page.request.get("/api/setup")).json()).toEqual({ needsSetup: false });
});

async function addPerson(page: import("@playwright/test").Page, account: Account, role: string) {
  const form = page.getByRole("form", { name: "Add a person" });
  await form.getByLabel("Name").fill(account.name);
  await form.getByLabel("Email").fill(account.email);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByLabel("Initial password").fill(account.password);
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(form.getByRole("status")).toContainText(`${account.name} was added`);
  await expect(page.getByRole("row", { name: new RegExp(account.email) })).toBeVisible();
}

setup("the admin adds an owner, a second owner and an auditor in People", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ADMIN.storageState });
  const page = await context.newPage();
  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();

  await addPerson(page, OWNER, "Owner");
  await addPerson(page, OTHER_OWNER, "Owner");
  await addPerson(page, AUDITOR, "Auditor");

  // A duplicate email is refused next to the field.
  const form = page.getByRole("form", { name: "Add a person" });
  await form.getByLabel("Name").fill("Someone Else");
  await form.getByLabel("Email").fill(OWNER.email);
  await form.getByRole("button", { name: "Add person" }).click();
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription(/already in use/);
  await context.close();
});

for (const account of [OWNER, OTHER_OWNER, AUDITOR]) {
  setup(`${account.name} signs in`, async ({ page }) => {
    await signIn(page, account);
    await expect(page.getByRole("banner").getByText(account.roleLabel, { exact: true })).toBeVisible();
    await page.context().storageState({ path: account.storageState });
  });
}
