// Everything an admin can do to one agent from its page: register it for
// someone else (keys from a file), edit it, suspend and reactivate it, hand it
// to a new owner, and decommission it for good.
import { OTHER_OWNER, ADMIN } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { ed25519Jwks } from "./support/keys";

test("an admin manages an agent through its whole life", async ({ adminPage: page }) => {
  const { publicJwks } = ed25519Jwks("inventory-key");
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill("inventory-sync");
  await page.getByLabel("Environment").fill("staging");
  await expect(page.getByLabel("Require DPoP")).toBeEnabled();
  await page.getByLabel("Require DPoP").check();
  await page.getByLabel("Audiences").fill("https://inventory.internal");
  await page.getByLabel("Actions").fill("read\nwrite");
  await page.getByLabel("Maximum credential lifetime").fill("1");
  await page.getByLabel("Lifetime unit").selectOption("hours");
  await page.getByLabel("Load JWKS from a file").setInputFiles({ name: "jwks.json", mimeType: "application/json", buffer: Buffer.from(publicJwks) });
  await expect(page.getByLabel("Public keys (JWKS)")).toHaveValue(publicJwks);
  await page.getByLabel("Owner", { exact: true }).selectOption({ label: `${OTHER_OWNER.name} (${OTHER_OWNER.email})` });
  // Auditors cannot be accountable, so they are not offered.
  await expect(page.getByLabel("Owner", { exact: true }).getByRole("option", { name: /Auditor/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Register agent" }).click();

  await expect(page.getByRole("heading", { name: "inventory-sync", level: 1 })).toBeVisible();
  const ownership = page.getByRole("region", { name: "Ownership", exact: true });
  await expect(ownership).toContainText(`Waiting for ${OTHER_OWNER.name} to acknowledge`);
  await expect(page.getByRole("button", { name: "Acknowledge ownership" })).toHaveCount(0);

  // Edit reuses the registration form.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByLabel("Public keys (JWKS)")).toHaveValue(/inventory-key/);
  await page.getByLabel("Description").fill("Keeps stock levels in sync");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "inventory-sync", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Keeps stock levels in sync");

  // Suspend and reactivate, each with a reason.
  await page.getByRole("button", { name: "Suspend" }).click();
  let dialog = page.getByRole("dialog", { name: /Suspend agent/ });
  await dialog.getByLabel("Reason").fill("Investigating unusual traffic");
  await dialog.getByRole("button", { name: "Suspend agent" }).click();
  await expect(dialog).toBeHidden();
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByText("Suspended", { exact: true })).toBeVisible();
  await expect(details).toContainText("Reason: Investigating unusual traffic");

  await page.getByRole("button", { name: "Reactivate" }).click();
  dialog = page.getByRole("dialog", { name: /Reactivate agent/ });
  await dialog.getByLabel("Reason").fill("Traffic explained");
  await dialog.getByRole("button", { name: "Reactivate agent" }).click();
  await expect(dialog).toBeHidden();
  await expect(details.getByText("Active", { exact: true })).toBeVisible();

  // Hand it over: the new owner (here the admin) must acknowledge.
  await ownership.getByRole("button", { name: "Change owner" }).click();
  dialog = page.getByRole("dialog", { name: /Assign owner/ });
  await dialog.getByLabel("Owner", { exact: true }).selectOption({ label: `${ADMIN.name} (${ADMIN.email})` });
  await dialog.getByLabel("Backup owner").selectOption({ label: `${OTHER_OWNER.name} (${OTHER_OWNER.email})` });
  await dialog.getByRole("button", { name: "Assign owner" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Acknowledge ownership" }).click();
  await expect(ownership.getByText("Owned", { exact: true })).toBeVisible();
  const history = page.getByRole("region", { name: "Ownership history" });
  await expect(history.getByRole("row")).toHaveCount(3); // header + two assignments
  await expect(history.getByText("Current")).toHaveCount(1);

  // Decommissioning is final and asks for an explicit confirmation.
  await page.getByRole("button", { name: "Decommission" }).click();
  dialog = page.getByRole("dialog", { name: /Decommission agent/ });
  await expect(dialog).toContainText("Decommissioning is final");
  await dialog.getByLabel("Reason").fill("Replaced by inventory-sync-v2");
  const confirm = dialog.getByRole("button", { name: "Decommission agent" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("I understand that decommissioning is final.").check();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("This agent is permanently retired")).toBeVisible();
  for (const name of ["Suspend", "Reactivate", "Decommission", "Change owner"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
});
