// High-risk approvals. (c) A CRITICAL agent's request needs two people, at
// least one of them not accountable for the agent: the owner (sent to sign in
// again, as a HIGH/CRITICAL approval requires, and brought back) approves and
// it stays pending at 1/2; the security lead approves and it is
// approved; the agent, polling all along, gets its token exactly once. And a
// HIGH approval through a personal access token is refused with 401
// reauthentication_required: a token is never a recent sign-in (a session
// older than ten minutes cannot be made in a test; this is the same rule).
import { BASE_URL, OTHER_OWNER } from "./support/accounts";
import { JUSTIFICATION, ORIGIN, SECURITY_LEAD, expect, test, watchForPageErrors } from "./support/approvals";
import { ScriptedAgent } from "./support/scripted-agent";

const PAYMENTS = "https://payments.e2e-approvals.test";
const RECORDS = "https://records.e2e-approvals.test";

test("a CRITICAL request needs a second, independent approver; the agent gets its token once", async ({ browser, securityLeadPage: lead }) => {
  const ownerContext = await browser.newContext({ storageState: OTHER_OWNER.storageState });
  const agent = await ScriptedAgent.register(ownerContext.request, {
    name: "payments-mover",
    riskTier: "CRITICAL",
    environment: "production",
    audience: PAYMENTS,
    actions: ["read", "transfer"],
  });
  const intent = "Pay the November supplier invoice to the account confirmed in ticket 7781";
  const stepUp = await agent.askForStepUp({ location: PAYMENTS, actions: ["transfer"], identifier: "payouts/2026-11", intent });
  // From now on the agent polls in the background, as a real one would.
  const decided = agent.pollUntilDecided(stepUp);

  const owner = await ownerContext.newPage();
  const assertNoPageErrors = watchForPageErrors(owner);
  await owner.goto(`/approvals/${stepUp.authReqId}`);
  await expect(owner.getByRole("heading", { name: "payments-mover asks to transfer", level: 1 })).toBeVisible();
  const justification = "The supplier confirmed the new account by phone, see ticket 7781.";
  await owner.getByLabel("Justification").fill(justification);

  // A sign-in older than ten minutes cannot be made here, so the server's
  // answer to one is played back once; the page must send the person to sign
  // in again and bring them back with what they wrote.
  await owner.route(
    `**/api/v1/step-ups/${stepUp.authReqId}/approve`,
    (route) =>
      route.fulfill({
        status: 401,
        contentType: "application/problem+json",
        body: JSON.stringify({ status: 401, code: "reauthentication_required", detail: "approving a CRITICAL request needs a sign-in from the last ten minutes" }),
      }),
    { times: 1 },
  );
  await owner.getByRole("button", { name: "Approve" }).click();
  await expect(owner).toHaveURL(`/login?callbackUrl=${encodeURIComponent(`/approvals/${stepUp.authReqId}`)}&reauth=1`);
  await expect(owner.getByRole("heading", { name: "Sign in again" })).toBeVisible();
  await expect(owner.getByText("Sign in again to approve a high-risk request.")).toBeVisible();
  await expect(owner.getByLabel("Email")).toHaveValue(OTHER_OWNER.email);
  await owner.getByLabel("Password").fill(OTHER_OWNER.password);
  await owner.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(owner).toHaveURL(`/approvals/${stepUp.authReqId}`);
  await expect(owner.getByLabel("Justification")).toHaveValue(justification);

  await expect(owner.getByRole("heading", { name: "payments-mover asks to transfer", level: 1 })).toBeVisible();
  await expect(owner.getByRole("status").filter({ hasText: "Waiting for a decision: 0 of 2 approvals" })).toContainText("at least one of them neither");
  const why = owner.getByRole("region", { name: "Why a person must approve" });
  await expect(why).toContainText("step-up-destructive-verb");
  await expect(why).toContainText("step-up-production-write");
  await owner.getByRole("button", { name: "Approve" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Waiting for a decision: 1 of 2 approvals" })).toBeVisible();
  await expect(owner.getByText("You approved this request. It needs 1 more approval from someone else.")).toBeVisible();
  expect((await (await owner.request.get(`/api/v1/step-ups/${stepUp.authReqId}`)).json()).status).toBe("PENDING");

  // The security lead finds it at 1/2 and completes the quorum.
  await lead.goto("/approvals");
  const row = lead.getByRole("row").filter({ hasText: intent });
  await expect(row).toContainText("1/2");
  await expect(row).toContainText("Critical risk");
  await row.getByRole("link", { name: "payments-mover" }).click();
  await expect(lead.getByRole("region", { name: "Decisions", exact: true })).toContainText(OTHER_OWNER.name);
  await lead.getByLabel("Justification").fill("Second pair of eyes: the payout matches the signed supplier contract.");
  await lead.getByRole("button", { name: "Approve" }).click();
  await expect(lead.getByRole("status").filter({ hasText: /^Approved/ })).toBeVisible();

  const { final, answers } = await decided;
  expect(final.status, JSON.stringify(final.body)).toBe(200);
  expect(final.body).toMatchObject({ token_type: "DPoP", authorization_details: [{ actions: ["transfer"], locations: [PAYMENTS] }] });
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  expect(answers.slice(0, -1).map((a) => a.body.error)).not.toContain("expired_token");
  expect(await agent.poll(stepUp.authReqId)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

  // The owner's page, still open, follows through to the redemption.
  const done = owner.getByRole("status").filter({ hasText: "Approved and redeemed" });
  await expect(done).toContainText(`${OTHER_OWNER.name} and ${SECURITY_LEAD.name}`);
  await expect(owner.getByRole("region", { name: "Credential", exact: true })).toBeVisible();
  await ownerContext.close();
  assertNoPageErrors();
});

test("approving a HIGH request with a personal access token answers 401 reauthentication_required", async ({ browser, playwright, securityLeadPage: lead }) => {
  const ownerContext = await browser.newContext({ storageState: OTHER_OWNER.storageState });
  const agent = await ScriptedAgent.register(ownerContext.request, { name: "record-purger", riskTier: "HIGH", audience: RECORDS, actions: ["read", "delete"] });
  await ownerContext.close();
  const stepUp = await agent.askForStepUp({ location: RECORDS, actions: ["delete"], identifier: "customers/4411", intent: "Erase customer 4411 after their GDPR erasure request" });

  const created = await lead.request.post("/api/v1/tokens", { headers: ORIGIN, data: { name: "approval script", expiresInDays: 30 } });
  expect(created.status(), await created.text()).toBe(201);
  const { id: tokenId, token } = await created.json();
  // Only the token: no session cookie rides along.
  const script = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

  const tried = await script.post(`/api/v1/step-ups/${stepUp.authReqId}/approve`, { data: { justification: JUSTIFICATION } });
  expect(tried.status()).toBe(401);
  expect(await tried.json()).toMatchObject({ code: "reauthentication_required", detail: expect.stringContaining("recent sign-in") });
  const still = await (await script.get(`/api/v1/step-ups/${stepUp.authReqId}`)).json();
  expect(still).toMatchObject({ status: "PENDING", approvals: 0, votes: [] });

  // The page says what a high-risk approval needs before anyone tries.
  await lead.goto(`/approvals/${stepUp.authReqId}`);
  await expect(lead.getByText("Approving a high-risk request needs a sign-in from the last ten minutes.")).toBeVisible();

  // Denying never needs a recent sign-in: the script may say no.
  const denied = await script.post(`/api/v1/step-ups/${stepUp.authReqId}/deny`, { data: { justification: "No erasure ticket was attached to this request." } });
  expect(denied.status(), await denied.text()).toBe(200);
  expect(await denied.json()).toMatchObject({ status: "DENIED" });
  await expect(lead.getByRole("alert").filter({ hasText: `Denied by ${SECURITY_LEAD.name}` })).toBeVisible();

  expect((await lead.request.delete(`/api/v1/tokens/${tokenId}`, { headers: ORIGIN })).status()).toBe(200);
  await script.dispose();
});
