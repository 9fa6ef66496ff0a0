// (e) Expiry runs without anyone deciding: a request nobody answers becomes
// EXPIRED (the end-to-end server gives requests 60 seconds, the shortest the
// broker allows), the page that was left open says so prominently and drops
// its decision controls, the agent's poll gets expired_token, and the Expired
// view lists it.
import { OTHER_OWNER } from "./support/accounts";
import { BILLING, expect, test } from "./support/approvals";
import { ScriptedAgent } from "./support/scripted-agent";

test("a request nobody decides expires: the page shows Expired and the agent gets expired_token", async ({ browser, otherOwnerPage: owner }) => {
  test.setTimeout(150_000);
  const ownerContext = await browser.newContext({ storageState: OTHER_OWNER.storageState });
  const agent = await ScriptedAgent.register(ownerContext.request, { name: "late-refunder", riskTier: "LOW", audience: BILLING, actions: ["read", "refund"] });
  await ownerContext.close();
  const intent = "Refund ticket 9001 while nobody is looking";
  const stepUp = await agent.askForStepUp({ location: BILLING, actions: ["refund"], identifier: "invoices/2026-12", intent });
  expect(stepUp.expiresIn).toBeLessThanOrEqual(60);

  await owner.goto(`/approvals/${stepUp.authReqId}`);
  await expect(owner.getByRole("main").getByRole("timer").first()).toHaveText(/^0:\d{2}/);
  await expect(owner.getByRole("button", { name: "Approve" })).toBeVisible();

  // The background job moves it to EXPIRED within seconds of its expiry.
  await expect
    .poll(async () => (await (await owner.request.get(`/api/v1/step-ups/${stepUp.authReqId}`)).json()).status, { timeout: (stepUp.expiresIn + 30) * 1000, intervals: [2_000] })
    .toBe("EXPIRED");

  // The open page follows without a reload.
  const banner = owner.getByRole("status").filter({ hasText: /^Expired/ });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("0 of 1 approvals");
  await expect(owner.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(owner.getByLabel("Justification")).toHaveCount(0);

  expect(await agent.poll(stepUp.authReqId)).toMatchObject({ status: 400, body: { error: "expired_token" } });

  await owner.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Approvals" }).click();
  await owner.getByRole("navigation", { name: "Approval views" }).getByRole("link", { name: "Expired" }).click();
  await expect(owner).toHaveURL(/\/approvals\?tab=expired$/);
  await expect(owner.getByRole("row").filter({ hasText: intent })).toContainText("0/1");
  // Not pending any more.
  await owner.getByRole("navigation", { name: "Approval views" }).getByRole("link", { name: "Pending" }).click();
  await expect(owner).toHaveURL(/\/approvals$/);
  await expect(owner.getByRole("row").filter({ hasText: intent })).toHaveCount(0);
});
