// Push revocation against the started production server: a resource server
// verifies Mandate credentials locally (JWKS only, no introspection) and
// listens to GET /api/v1/revocations/stream through @mandate/agent-sdk. A
// credential that dies — its task completed, the token reported leaked, the
// workload instance reported restarted by a signal provider — reaches it over
// the stream, and the verifier then refuses the token by itself. A
// disconnected resource server that reconnects with Last-Event-ID learns
// everything revoked meanwhile, and nothing twice. No browser: these are
// machines talking to Mandate.
import { createHash } from "node:crypto";
import { test, expect, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { decodeJwt } from "jose";
import {
  MandateAgent,
  TokenVerifier,
  createClientAssertion,
  generateAgentKey,
  publicJwks,
  subscribeRevocations,
  type AgentKey,
  type Credential,
  type RevocationNotice,
  type RevocationSubscription,
} from "@mandate/agent-sdk";
import { ADMIN, BASE_URL, type Account } from "./support/accounts";
import { signIn } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const ORIGIN = { origin: BASE_URL };
const AUDIENCE = "https://ledger.e2e-revocations.test";
const OTHER_AUDIENCE = "https://archive.e2e-revocations.test";
const STREAM_URL = `${BASE_URL}/api/v1/revocations/stream`;
const SIGNALS_URL = `${BASE_URL}/api/v1/signals`;
const RESOURCE_URL = `${AUDIENCE}/entries/2026-11`;
/** A revocation reaches subscribers within about a second (in-process wake-up); the 5-second poll is only the backstop. */
const DELIVERY_MS = 3_000;

const REVOKER: Account = { name: "Rhea Revoker", email: "rhea@example.test", password: "revoker-password-123", roleLabel: "Owner", storageState: "" };
let ownerContext: BrowserContext;
let owner: APIRequestContext;
let resource: { id: string; key: AgentKey };
let otherResource: { id: string; key: AgentKey };
let provider: { id: string; key: AgentKey };
let agentId = "";
let agentKey: AgentKey;

let subscription: RevocationSubscription;
const notices: RevocationNotice[] = [];
let verifier: TokenVerifier;

async function ok(response: Promise<import("@playwright/test").APIResponse>, status: number) {
  const r = await response;
  expect(r.status(), await r.text()).toBe(status);
  return r.json();
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** The token itself and the hash of its jti (what the stream carries). */
async function tokenOf(c: Credential): Promise<{ token: string; jtiHash: string }> {
  const h = await c.authorizationHeaders("GET", RESOURCE_URL);
  const token = h.authorization.replace(/^(DPoP|Bearer) /, "");
  return { token, jtiHash: sha256(decodeJwt(token).jti as string) };
}

/** What the resource server does on every request: local verification only. */
async function check(c: Credential) {
  const h = await c.authorizationHeaders("GET", RESOURCE_URL);
  return verifier.verify({ method: "GET", url: RESOURCE_URL, authorization: h.authorization, dpop: h.dpop, action: "read" });
}

/** The agent process, optionally as one workload instance (its assertions carry instance_id). */
const connect = (instanceId?: string) => MandateAgent.connect({ url: BASE_URL, clientId: agentId, key: agentKey, ...(instanceId ? { instanceId } : {}) });
const read = { location: AUDIENCE, actions: ["read"], identifier: "entries/2026-11", intent: "Reconcile the November ledger entries", ttl: 600 };

/** Waits until the stream delivered the revocation of `jtiHash`, and checks how fast. */
async function delivered(jtiHash: string, since: number): Promise<RevocationNotice> {
  await expect.poll(() => notices.some((n) => n.jtiHash === jtiHash), { intervals: [25], timeout: 10_000 }).toBe(true);
  expect(Date.now() - since).toBeLessThan(DELIVERY_MS);
  return notices.find((n) => n.jtiHash === jtiHash)!;
}

test.beforeAll(async ({ playwright, browser }) => {
  const admin = await playwright.request.newContext({ baseURL: BASE_URL, storageState: ADMIN.storageState });
  const person = await admin.post("/api/v1/users", { headers: ORIGIN, data: { email: REVOKER.email, name: REVOKER.name, role: "OWNER", password: REVOKER.password } });
  expect([201, 409], await person.text()).toContain(person.status());
  ownerContext = await browser.newContext();
  await signIn(await ownerContext.newPage(), REVOKER);
  owner = ownerContext.request;

  const register = async (name: string, audience: string) => {
    const { key } = await generateAgentKey();
    const r = await ok(admin.post("/api/v1/resources", { headers: ORIGIN, data: { name, audience, jwks: publicJwks(key) } }), 201);
    return { id: r.id as string, key };
  };
  resource = await register("Ledger (revocation spec)", AUDIENCE);
  otherResource = await register("Archive (revocation spec)", OTHER_AUDIENCE);
  const { key: providerKey } = await generateAgentKey();
  const p = await ok(admin.post("/api/v1/signal-providers", { headers: ORIGIN, data: { name: "Orchestrator (revocation spec)", jwks: publicJwks(providerKey) } }), 201);
  provider = { id: p.id, key: providerKey };
  await admin.dispose();

  agentKey = (await generateAgentKey()).key;
  const agent = await ok(owner.post("/api/v1/agents", { headers: ORIGIN, data: { name: "ledger-reconciler", environment: "staging", riskTier: "LOW", requireDpop: true, ceiling: { audiences: [AUDIENCE, OTHER_AUDIENCE], actions: ["read"], maxTtlSeconds: 900 }, jwks: publicJwks(agentKey) } }), 201);
  await ok(owner.post(`/api/v1/agents/${agent.id}/owner/acknowledge`, { headers: ORIGIN }), 200);
  agentId = agent.id;

  subscription = subscribeRevocations({ url: BASE_URL, resourceId: resource.id, key: resource.key, onRevocation: (n) => notices.push(n), reconnectDelayMs: 200 });
  await subscription.ready;
  verifier = await TokenVerifier.create({ url: BASE_URL, audience: AUDIENCE, mode: "jwks", revocations: subscription });
});
test.afterAll(async () => {
  subscription?.close();
  await ownerContext?.close();
});

test("the stream is text/event-stream, streamed as it happens, and only for an authenticated resource server", async () => {
  // No assertion, or an assertion for another endpoint: refused before anything streams.
  const anonymous = await fetch(STREAM_URL, { headers: { accept: "text/event-stream" } });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("www-authenticate")).toContain("invalid_token");
  const wrongAudience = await createClientAssertion(resource.id, resource.key, `${BASE_URL}/api/oauth/introspect`);
  expect((await fetch(STREAM_URL, { headers: { authorization: `Bearer ${wrongAudience}` } })).status).toBe(401);
  const badCursor = await createClientAssertion(resource.id, resource.key, STREAM_URL);
  expect((await fetch(STREAM_URL, { headers: { authorization: `Bearer ${badCursor}`, "last-event-id": "not-a-number" } })).status).toBe(400);

  // A raw subscriber: the head and the catch-up arrive while the stream stays open.
  const abort = new AbortController();
  const res = await fetch(STREAM_URL, { headers: { authorization: `Bearer ${await createClientAssertion(resource.id, resource.key, STREAM_URL)}` }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("event: ready\n")) {
    const { done, value } = await reader.read();
    expect(done).toBe(false);
    text += new TextDecoder().decode(value);
  }
  expect(text).toMatch(/^retry: 2000\n/);
  abort.abort();
  await reader.cancel().catch(() => {});
});

test("task completion: the credential dies, the stream says so, the verifier refuses it locally", async () => {
  const agent = await connect();
  const taskId = `reconcile-${Date.now()}`;
  const credential = await agent.requestCredential({ ...read, taskId });
  expect(await check(credential)).toMatchObject({ agentId, taskId: credential.taskId });
  const { jtiHash } = await tokenOf(credential);
  // A credential for another audience: its revocation is not this resource server's business.
  const elsewhere = await agent.requestCredential({ ...read, location: OTHER_AUDIENCE, identifier: "boxes/7", taskId });
  expect(elsewhere.taskId).toBe(credential.taskId);
  const { jtiHash: elsewhereHash } = await tokenOf(elsewhere);

  const since = Date.now();
  expect(await agent.completeTask(credential.taskId, "succeeded")).toMatchObject({ revoked_credentials: 2 });
  const notice = await delivered(jtiHash, since);
  expect(notice).toMatchObject({ audience: AUDIENCE, reason: "task_completed", exp: expect.any(Number) });
  expect(String(notice.seq)).toBe(subscription.lastEventId);
  await expect(check(credential)).rejects.toMatchObject({ status: 401, error: "invalid_token", message: expect.stringContaining("revoked") });
  expect(notices.some((n) => n.jtiHash === elsewhereHash)).toBe(false);
});

test("a leak report: the found token, its task and its siblings die and reach the resource server", async () => {
  const agent = await connect();
  const taskId = `leaky-${Date.now()}`;
  const leaked = await agent.requestCredential({ ...read, taskId });
  const sibling = await agent.requestCredential({ ...read, taskId });
  expect(sibling.taskId).toBe(leaked.taskId);
  const a = await tokenOf(leaked);
  const b = await tokenOf(sibling);
  expect(await check(sibling)).toMatchObject({ taskId: leaked.taskId });

  const since = Date.now();
  const report = await fetch(`${BASE_URL}/api/oauth/revoke-leaked`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: a.token, reported_from: "https://git.example.test/ledger/commit/4f2a", note: "committed in a config file" }),
  });
  expect(report.status).toBe(200);
  expect(await report.json()).toEqual({});
  expect((await delivered(a.jtiHash, since)).reason).toBe("leaked");
  expect((await delivered(b.jtiHash, since)).reason).toBe("leaked");
  await expect(check(leaked)).rejects.toMatchObject({ status: 401 });
  await expect(check(sibling)).rejects.toMatchObject({ status: 401 });
});

test("an instance-restart signal: the old instance's credentials die, another instance's live on", async () => {
  const oldPod = await connect("pod/ledger-reconciler-7f9c");
  const otherPod = await connect("pod/ledger-reconciler-b21d");
  const doomed = await oldPod.requestCredential(read);
  const survivor = await otherPod.requestCredential(read);
  const { jtiHash } = await tokenOf(doomed);
  const { jtiHash: survivorHash } = await tokenOf(survivor);

  const since = Date.now();
  const assertion = await createClientAssertion(provider.id, provider.key, SIGNALS_URL);
  const signal = await fetch(SIGNALS_URL, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${assertion}` },
    body: JSON.stringify({ type: "instance_restarted", subject: { instance_id: "pod/ledger-reconciler-7f9c" }, reason: "container restarted (OOMKilled)" }),
  });
  expect(signal.status, await signal.clone().text()).toBe(202);
  expect(await signal.json()).toEqual({ received: 1, results: [{ type: "instance_restarted", revoked: 1 }] });
  expect((await delivered(jtiHash, since)).reason).toBe("instance_restarted");
  await expect(check(doomed)).rejects.toMatchObject({ status: 401 });
  expect(await check(survivor)).toMatchObject({ agentId });
  expect(notices.some((n) => n.jtiHash === survivorHash)).toBe(false);
  await otherPod.revoke(survivor);
});

test("a reconnect with Last-Event-ID misses nothing revoked while disconnected, and repeats nothing", async () => {
  const cursor = subscription.lastEventId!;
  expect(cursor).toMatch(/^\d+$/);
  const connectionsBefore = subscription.connections;
  subscription.close();

  // Revoked while no one listens: by revocation, by completion (failed), by a leak report.
  const agent = await connect();
  const one = await agent.requestCredential(read);
  const two = await agent.requestCredential(read);
  const three = await agent.requestCredential(read);
  const hashes = await Promise.all([one, two, three].map(async (c) => (await tokenOf(c)).jtiHash));
  await agent.revoke(one);
  await agent.completeTask(two.taskId, "failed");
  const report = await fetch(`${BASE_URL}/api/oauth/revoke-leaked`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: (await tokenOf(three)).token }) });
  expect(report.status).toBe(200);

  const resumed: RevocationNotice[] = [];
  subscription = subscribeRevocations({ url: BASE_URL, resourceId: resource.id, key: resource.key, lastEventId: cursor, onRevocation: (n) => resumed.push(n), reconnectDelayMs: 200 });
  await subscription.ready;
  expect(subscription.connections).toBe(1);
  expect(connectionsBefore).toBeGreaterThanOrEqual(1);
  // Everything after the cursor, in commit order, each once — and nothing from before it.
  expect(resumed.every((n) => n.seq > Number(cursor))).toBe(true);
  const seqs = resumed.map((n) => n.seq);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(resumed.map((n) => n.jtiHash)).toEqual(expect.arrayContaining(hashes));
  expect(Object.fromEntries(resumed.filter((n) => hashes.includes(n.jtiHash)).map((n) => [hashes.indexOf(n.jtiHash), n.reason]))).toEqual({ 0: "agent_revoked", 1: "task_failed", 2: "leaked" });

  verifier = await TokenVerifier.create({ url: BASE_URL, audience: AUDIENCE, mode: "jwks", revocations: subscription });
  for (const c of [one, two, three]) await expect(check(c)).rejects.toMatchObject({ status: 401, message: expect.stringContaining("revoked") });

  // A resource server starting from nothing learns every revoked credential that has not expired yet.
  const fresh = subscribeRevocations({ url: BASE_URL, resourceId: resource.id, key: resource.key });
  await fresh.ready;
  for (const h of hashes) expect(fresh.isRevokedHash(h)).toBe(true);
  fresh.close();

  // Live again: the resumed subscription hears the next revocation at once.
  const next = await agent.requestCredential(read);
  const { jtiHash } = await tokenOf(next);
  const since = Date.now();
  await agent.revoke(next);
  await expect.poll(() => resumed.some((n) => n.jtiHash === jtiHash), { intervals: [25], timeout: 10_000 }).toBe(true);
  expect(Date.now() - since).toBeLessThan(DELIVERY_MS);
});

test("another resource server's stream carries only its own audience", async () => {
  const theirs: RevocationNotice[] = [];
  const other = subscribeRevocations({ url: BASE_URL, resourceId: otherResource.id, key: otherResource.key, onRevocation: (n) => theirs.push(n) });
  await other.ready;
  other.close();
  expect(theirs.length).toBeGreaterThanOrEqual(1);
  expect(theirs.every((n) => n.audience === OTHER_AUDIENCE)).toBe(true);
});
