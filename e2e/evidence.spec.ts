// An auditor exports a signed evidence bundle for a period, watches it being
// built, downloads it — and the offline verifier, pinned to the key the
// installation publishes, accepts the downloaded file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { expect, test } from "./support/fixtures";

test("an auditor exports a bundle for a period, downloads it, and it verifies offline", async ({ auditorPage: page }) => {
  await page.goto("/agents");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evidence" }).click();
  await expect(page.getByRole("heading", { name: "Evidence", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "New evidence bundle" });
  const today = new Date().toISOString().slice(0, 10);
  await form.getByLabel("From (UTC day)").fill(new Date(Date.now() - 7 * 86400_000).toISOString().slice(0, 10));
  await form.getByLabel("To (UTC day, included)").fill(today);
  await form.getByRole("button", { name: "Export bundle" }).click();

  // The new export appears at the top with its progress, then becomes ready.
  const row = page.getByRole("row").filter({ hasText: "Aude Auditor" }).first();
  await expect(row.getByRole("progressbar").or(row.getByText("Ready", { exact: true }))).toBeVisible();
  await expect(row.getByText("Ready", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText(/\d+ events · \d+ KiB/);

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: "Download" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^mandate-evidence-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-.+\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-e2e-evidence-"));
  const bundle = path.join(dir, "bundle.zip");
  await download.saveAs(bundle);

  // Pin the key the installation publishes, as an auditor would.
  const keys = await page.request.get("/.well-known/mandate-audit-keys.json");
  expect(keys.status()).toBe(200);
  const keyFile = path.join(dir, "audit-keys.json");
  fs.writeFileSync(keyFile, await keys.text());

  const verified = spawnSync(process.execPath, ["bin/mandate-verify.mjs", "--key", keyFile, bundle], { encoding: "utf8" });
  expect(verified.stderr).toBe("");
  expect(verified.stdout).toMatch(/^OK: signature \(pinned key\)/m);
  expect(verified.status).toBe(0);

  // Without a pinned key it uses the key inside the bundle, and says so (--json for scripts).
  const json = spawnSync(process.execPath, ["bin/mandate-verify.mjs", "--json", bundle], { encoding: "utf8" });
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, keySource: "bundle" });
  fs.rmSync(dir, { recursive: true, force: true });
});
