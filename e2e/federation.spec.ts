// Workload identity federation, end to end: an admin trusts an OIDC issuer on
// the Workload trust page and registers an agent with no key of its own,
// bound to a federated subject. The spec then plays the platform (a CI
// system): it serves the discovery document and JWKS on 127.0.0.1, signs the
// job's token, and the agent gets a credential from /api/oauth/token with that
// token as its client assertion. A token from another repository is refused.
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { BASE_URL } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { newIssuerKey, platformToken, startOidcIssuer, type IssuerKey, type OidcIssuer } from "../tests/support/platform-issuer";

test.describe.configure({ mode: "serial" });

const AUDIENCE = "https://mandate.e2e.test";
const RESOURCE = "https://deploy.e2e.test";
let issuer: OidcIssuer;
let key: IssuerKey;
let agentId = "";

test.beforeAll(async () => {
  key = await newIssuerKey("RS256");
  issuer = await startOidcIssuer(key);
});
test.afterAll(async () => {
  await issuer.close();
});

test("an admin trusts an OIDC issuer and binds a new agent to a subject of it", async ({ adminPage: page }) => {
  await page.goto("/agents");
  await page.getByRole("navigation").getByRole("link", { name: "Workload trust" }).click();
  await expect(page.getByRole("heading", { name: "Workload trust", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Trust a workload issuer" });
  await form.getByLabel("Name").fill("CI (e2e)");
  await form.getByLabel("Kind").selectOption("OIDC");
  // Plain http is refused for anything but a loopback host.
  await form.getByLabel("Issuer").fill("http://ci.example.test");
  await form.getByLabel("Accepted audiences").fill(AUDIENCE);
  await form.getByRole("button", { name: "Trust issuer" }).click();
  await expect(form.getByText(/must be an https URL/i)).toBeVisible();
  await form.getByLabel("Issuer").fill(issuer.issuer);
  await form.getByLabel("Instance claim").fill("run_id");
  await form.getByRole("button", { name: "Trust issuer" }).click();
  const table = page.getByRole("table", { name: "Trusted workload issuers" });
  await expect(table.getByRole("row", { name: /CI \(e2e\)/ })).toContainText(issuer.issuer);
  await expect(table.getByRole("row", { name: /CI \(e2e\)/ })).toContainText("OIDC discovery");

  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(`ci-deployer-${randomUUID().slice(0, 6)}`);
  await page.getByLabel("Environment").fill("staging");
  await page.getByLabel("Audiences").fill(RESOURCE);
  await page.getByLabel("Actions").fill("deploy, read");
  // No key of its own: without a federated subject the form says so.
  await page.getByRole("button", { name: "Register agent" }).click();
  await expect(page.getByText(/bind the agent to a federated subject/)).toBeVisible();

  await page.getByRole("button", { name: "Add federated subject" }).click();
  const subject = page.getByRole("group", { name: "Federated subject 1" });
  await subject.getByLabel("Trusted issuer").selectOption({ label: `CI (e2e) (${issuer.issuer})` });
  await subject.getByLabel("Subject", { exact: true }).fill("repo:acme/e2e:*");
  await subject.getByLabel("Required claims").fill("repository=acme/e2e");
  await page.getByRole("button", { name: "Register agent" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText("ci-deployer-");
  agentId = page.url().split("/agents/")[1];
  const bindings = page.getByRole("region", { name: "Federated subjects" });
  await expect(bindings).toContainText("repo:acme/e2e:*");
  await expect(bindings).toContainText("repository=acme/e2e");
  await expect(page.getByRole("region", { name: "Public keys" })).toContainText("authenticates only with its platform");
  // The admin registered it for themselves: acknowledging makes it owned, so the broker will serve it.
  await page.getByRole("button", { name: "Acknowledge ownership" }).click();
  await expect(page.getByRole("region", { name: "Ownership", exact: true })).not.toContainText("Waiting for");
});

test("the platform's token obtains a credential at the token endpoint; another repository's does not", async ({ playwright }) => {
  expect(agentId).not.toBe("");
  const api = await playwright.request.newContext({ baseURL: BASE_URL });
  const ask = async (claims: Record<string, unknown>) =>
    api.post("/api/oauth/token", {
      form: {
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await platformToken(key, { iss: issuer.issuer, aud: AUDIENCE, ref: "refs/heads/main", run_id: "77", ...claims }),
        authorization_details: JSON.stringify([{ type: "agent_task", locations: [RESOURCE], actions: ["read"], intent: "Check the deployment status" }]),
      },
    });
  try {
    const ok = await ask({ sub: "repo:acme/e2e:ref:refs/heads/main", repository: "acme/e2e" });
    const body = await ok.json();
    expect(ok.status(), JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", task_id: expect.any(String), decision_id: expect.any(String) });
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: agentId, aud: RESOURCE });
    expect(issuer.hits["/jwks"]).toBe(1);

    const fork = await ask({ sub: "repo:acme/e2e:ref:refs/heads/main", repository: "evil/e2e" });
    expect(fork.status()).toBe(401);
    expect(await fork.json()).toMatchObject({ error: "invalid_client", error_description: "federated token refused (unmapped): no agent is bound to this subject with these claims" });
  } finally {
    await api.dispose();
  }
});
