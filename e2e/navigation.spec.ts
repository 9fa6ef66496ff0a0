// What each role is offered, on a phone-sized screen: navigation shows only
// what the role may open, and read-only roles get no forms.
import { AUDITOR, OTHER_OWNER } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const PHONE = { width: 390, height: 844 };

test("an owner on a phone sees Agents and API tokens, not People", async ({ otherOwnerPage: page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/agents");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Agents" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "API tokens" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "People" })).toHaveCount(0);
  await expect(page.getByRole("banner").getByText(OTHER_OWNER.name)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Register agent" })).toBeVisible();
  // Nothing is cut off sideways at phone width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // The keyboard reaches the page with a visible skip link first.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("an auditor sees People read-only", async ({ auditorPage: page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(AUDITOR.email) })).toContainText("Auditor");
  await expect(page.getByRole("form", { name: "Add a person" })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /Role of/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Deactivate|Reactivate)/ })).toHaveCount(0);
});

test("unknown pages and agents get the not-found page", async ({ auditorPage: page }) => {
  await page.goto("/agents/does-not-exist");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
