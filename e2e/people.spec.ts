// An admin's changes to a person: role, deactivation and reactivation.
import { expect, test } from "./support/fixtures";

test("an admin changes a person's role, deactivates and reactivates them", async ({ adminPage: page }) => {
  await page.goto("/people");
  const form = page.getByRole("form", { name: "Add a person" });
  await form.getByLabel("Name").fill("Rita Rotation");
  await form.getByLabel("Email").fill("rita@example.test");
  await form.getByLabel("Role").selectOption({ label: "Owner" });
  await form.getByRole("button", { name: "Add person" }).click();
  const row = page.getByRole("row", { name: /rita@example\.test/ });
  await expect(row).toBeVisible();

  const role = row.getByRole("combobox", { name: "Role of Rita Rotation" });
  await role.selectOption({ label: "Security lead" });
  await expect(row.getByRole("status")).toContainText("Role changed");
  await page.reload();
  await expect(row.getByRole("combobox", { name: "Role of Rita Rotation" })).toHaveValue("SECURITY_LEAD");

  await row.getByRole("button", { name: "Deactivate Rita Rotation" }).click();
  let dialog = page.getByRole("dialog", { name: "Deactivate Rita Rotation?" });
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Reactivate Rita Rotation" }).click();
  dialog = page.getByRole("dialog", { name: "Reactivate Rita Rotation?" });
  await dialog.getByRole("button", { name: "Reactivate" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
});
