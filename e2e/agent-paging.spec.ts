// The agents list: filters live in the URL, and "Load more" follows the
// keyset cursor until every agent is shown.
import { expect, test } from "./support/fixtures";
import { registerAgentViaApi } from "./support/factories";

test("filters are URL-addressable and Load more pages through every agent", async ({ adminPage: page }) => {
  for (let i = 1; i <= 27; i++) await registerAgentViaApi(page.request, { name: `fleet-${String(i).padStart(2, "0")}`, environment: "fleet" });

  await page.goto("/agents");
  await page.getByRole("searchbox", { name: "Search agents" }).fill("fleet-");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/[?&]q=fleet-/);
  const rows = page.getByRole("row").filter({ hasText: "fleet-" });
  await expect(rows).toHaveCount(25);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(27);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  await page.getByLabel("Environment").selectOption("fleet");
  await expect(page).toHaveURL(/environment=fleet/);
  await page.getByLabel("Status").selectOption("SUSPENDED");
  await expect(page).toHaveURL(/status=SUSPENDED/);
  await expect(page.getByText("No agents match these filters.")).toBeVisible();

  // The same URL, opened fresh, shows the same view.
  await page.goto("/agents?q=fleet-27&environment=fleet");
  await expect(page.getByRole("searchbox", { name: "Search agents" })).toHaveValue("fleet-27");
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/agents$/);
});
