// The broker from the outside, against the production server: an owner
// onboards a real agent (its own Ed25519 keys, made with jose) through the
// automation API with a personal access token; a security lead registers the
// resource it calls; the agent gets a DPoP-bound credential that the resource
// introspects, completes its task, and the credential is dead. Then the
// step-up path: a refund waits for a person, is granted once, and only once.
// Specs share one database and run serially: state flows from test to test.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext, Browser, BrowserContext } from "@playwright/test";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { BASE_URL, type Account } from "./support/accounts";
import { expect, signIn, test } from "./support/fixtures";
import { Agent, newKey, ResourceServer, thumbprintOf, type BrokerAnswer } from "./support/broker-agent";

test.describe.configure({ mode: "serial" });

// People of their own, so no other spec's expectations (token lists, owned agents) are disturbed.
const PILOT: Account = { name: "Paz Pilot", email: "paz@example.test", password: "pilot-password-123", roleLabel: "Owner", storageState: "" };
const SENTINEL: Account = { name: "Sol Sentinel", email: "sol@example.test", password: "sentinel-password-123", roleLabel: "Security lead", storageState: "" };
const AUDIENCE = "https://billing.e2e.test";
const ORIGIN = { origin: BASE_URL };

let ownerToken = "";
// One request context for the whole story: the agent and the resource outlive a single test.
let api: APIRequestContext;
let agent: Agent;
let resource: ResourceServer;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const contexts: BrowserContext[] = [];

/** Signs a person in through the login page and hands back their cookie-carrying request context. */
async function signedInRequest(browser: Browser, account: Account): Promise<APIRequestContext> {
  const context = await browser.newContext();
  contexts.push(context);
  await signIn(await context.newPage(), account);
  return context.request;
}

/** Waits on the clock (never a fixed sleep) until `at`. */
async function until(at: number) {
  await expect.poll(() => Date.now() >= at, { intervals: [100], timeout: at - Date.now() + 5_000 }).toBe(true);
}

test.beforeAll(async ({ playwright }) => {
  api = await playwright.request.newContext({ baseURL: BASE_URL });
});
test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await api.dispose();
});

test("the API is described at /api/openapi.json, linked from the server metadata", async () => {
  const metadata = await (await api.get("/.well-known/oauth-authorization-server")).json();
  expect(metadata).toMatchObject({ issuer: BASE_URL, token_endpoint: `${BASE_URL}/api/oauth/token`, service_documentation: `${BASE_URL}/api/openapi.json` });
  const doc = await (await api.get(metadata.service_documentation)).json();
  expect(doc).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./), servers: [{ url: BASE_URL }] });
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/oauth/token", "/api/oauth/introspect", "/api/v1/step-ups/{id}/approve"]));
});

test("an admin adds the pilot's owner and a security lead", async ({ adminPage }) => {
  for (const [account, role] of [[PILOT, "OWNER"], [SENTINEL, "SECURITY_LEAD"]] as const) {
    const r = await adminPage.request.post("/api/v1/users", { headers: ORIGIN, data: { email: account.email, name: account.name, role, password: account.password } });
    expect(r.status(), await r.text()).toBe(201);
  }
});

test("the owner registers a real agent with a personal access token and acknowledges it", async ({ browser }) => {
  const session = await signedInRequest(browser, PILOT);
  const created = await session.post("/api/v1/tokens", { headers: ORIGIN, data: { name: "agent onboarding", expiresInDays: 1 } });
  expect(created.status()).toBe(201);
  ownerToken = (await created.json()).token;
  expect(ownerToken).toMatch(/^mdt_/);

  const key = await newKey();
  const registered = await api.post("/api/v1/agents", {
    headers: bearer(ownerToken),
    data: { name: "refund-bot", environment: "development", riskTier: "LOW", requireDpop: true, ceiling: { audiences: [AUDIENCE], actions: ["read", "refund"], maxTtlSeconds: 600 }, jwks: { keys: [key.publicJwk] } },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const body = await registered.json();
  expect(body).toMatchObject({ name: "refund-bot", owner: { email: PILOT.email }, ownership: { state: "PENDING" } });
  agent = new Agent(api, body.id, key, await newKey());

  // Unowned means unusable: until the owner acknowledges, policy denies, and says why.
  const early = await agent.requestCredential({ locations: [AUDIENCE], actions: ["read"], intent: "Look up invoices before anyone is accountable" });
  expect(early.status).toBe(400);
  expect(early.body).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
  expect(early.body.error_description).toContain("agent-not-owned");

  const ack = await api.post(`/api/v1/agents/${agent.id}/owner/acknowledge`, { headers: bearer(ownerToken) });
  expect(ack.status(), await ack.text()).toBe(200);
  expect((await ack.json()).ownership).toEqual({ state: "OWNED" });
});

test("the security lead registers the resource with its own key; an owner cannot", async ({ browser }) => {
  const key = await newKey();
  const input = { name: "Billing", audience: AUDIENCE, jwks: { keys: [key.publicJwk] } };
  expect((await api.post("/api/v1/resources", { headers: bearer(ownerToken), data: input })).status()).toBe(403);

  const session = await signedInRequest(browser, SENTINEL);
  const r = await session.post("/api/v1/resources", { headers: ORIGIN, data: input });
  expect(r.status(), await r.text()).toBe(201);
  resource = new ResourceServer(api, (await r.json()).id, key);
});

test("a DPoP-bound credential is active at introspection until its task completes", async () => {
  const granted = await agent.requestCredential({ locations: [AUDIENCE], actions: ["read"], identifier: "invoices/2026-11", intent: "Reconcile November invoices", task_id: "e2e-read-1" }, 300);
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  expect(granted.body).toMatchObject({ token_type: "DPoP", expires_in: 300, task_id: expect.any(String), decision_id: expect.any(String) });
  const jkt = await thumbprintOf(agent.dpopKey);

  // Verifiable locally with Mandate's published keys…
  const jwks = createRemoteJWKSet(new URL(`${BASE_URL}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(granted.body.access_token, jwks, { issuer: BASE_URL, audience: AUDIENCE, typ: "at+jwt" });
  expect(payload).toMatchObject({ sub: agent.id, client_id: agent.id, cnf: { jkt }, task_id: granted.body.task_id, authorization_details: [{ type: "agent_task", actions: ["read"], locations: [AUDIENCE] }] });

  // …and active at introspection, bound to the agent's DPoP key.
  const live = await resource.introspect(granted.body.access_token);
  expect(live.status).toBe(200);
  expect(live.body).toMatchObject({ active: true, aud: AUDIENCE, sub: agent.id, token_type: "DPoP", cnf: { jkt }, task_id: granted.body.task_id });

  const done = await agent.completeTask(granted.body.task_id, "succeeded");
  expect(done).toEqual({ status: 200, body: { task_id: granted.body.task_id, status: "succeeded", revoked_credentials: 1 } });
  expect(await resource.introspect(granted.body.access_token)).toEqual({ status: 200, body: { active: false } });
});

test("a refund needs the owner's approval: pending, approved, granted once, then invalid_grant", async () => {
  const asked = await agent.requestCredential({ locations: [AUDIENCE], actions: ["refund"], identifier: "invoices/2026-11", intent: "Refund the duplicate charge of ticket 4411", task_id: "e2e-refund-1" }, 120);
  expect(asked.status).toBe(400);
  expect(asked.body).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String), expires_in: expect.any(Number), interval: expect.any(Number), decision_id: expect.any(String) });
  const { auth_req_id: authReqId, interval } = asked.body as { auth_req_id: string; interval: number };

  const pending = await agent.poll(authReqId);
  const polledAt = Date.now();
  expect(pending.body).toMatchObject({ error: "authorization_pending", interval });

  const seen = await api.get(`/api/v1/step-ups/${authReqId}`, { headers: bearer(ownerToken) });
  expect(await seen.json()).toMatchObject({ status: "PENDING", canDecide: true, request: { authorizationDetails: [{ actions: ["refund"] }] } });
  const approved = await api.post(`/api/v1/step-ups/${authReqId}/approve`, { headers: bearer(ownerToken), data: { justification: "Ticket 4411 shows the duplicate charge; refund it." } });
  expect(approved.status(), await approved.text()).toBe(200);
  expect(await approved.json()).toMatchObject({ status: "APPROVED", approvals: 1 });

  // Poll no faster than the broker asked.
  await until(polledAt + interval * 1000);
  const granted: BrokerAnswer = await agent.poll(authReqId);
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  expect(granted.body).toMatchObject({ token_type: "DPoP", authorization_details: [{ actions: ["refund"] }] });
  expect(decodeJwt(granted.body.access_token)).toMatchObject({ cnf: { jkt: await thumbprintOf(agent.dpopKey) } });
  expect((await resource.introspect(granted.body.access_token)).body).toMatchObject({ active: true });

  // An approval is single-use.
  const again = await agent.poll(authReqId);
  expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  expect((await api.get(`/api/v1/step-ups/${authReqId}`, { headers: bearer(ownerToken) }).then((r) => r.json())).status).toBe("REDEEMED");

  expect((await agent.completeTask(granted.body.task_id, "succeeded")).body).toMatchObject({ revoked_credentials: 1 });
  expect((await resource.introspect(granted.body.access_token)).body).toEqual({ active: false });
});

test("examples/connect-agent.mjs runs end to end against the server", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-example-"));
  const keyFile = path.join(dir, "agent.private.jwk.json");
  // tsx loads @mandate/agent-sdk from source, as the README says to run the example.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "..", "examples", "connect-agent.mjs"), "--name", "example-refunder", "--audience", AUDIENCE, "--acknowledge", "--key-file", keyFile], {
    cwd: path.join(__dirname, ".."),
    env: { ...process.env, MANDATE_URL: BASE_URL, MANDATE_TOKEN: ownerToken },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    const waiting = /waiting for approval, request id (\S+)/;
    await expect.poll(() => output, { timeout: 30_000 }).toMatch(waiting);
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe("600");
    const id = output.match(waiting)![1];
    const approved = await api.post(`/api/v1/step-ups/${id}/approve`, { headers: bearer(ownerToken), data: { justification: "The example refund is expected during this test." } });
    expect(approved.status(), await approved.text()).toBe(200);
    expect(await exited, output).toBe(0);
    expect(output).toContain("2 credential(s) revoked");
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
