// @mandate/agent-sdk and the `mandate` CLI against the started server, over
// real HTTP: allow, deny, step-up (approved by the owner through the
// approvals API while the SDK waits), delegation to a sub-agent, revocation
// and task completion; then the CLI binary through the same life, checking
// its output and exit codes. No browser: this is the path from an agent.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { MandateAgent, MandateError, TokenVerifier, generateAgentKey, publicJwks, writePrivateKeyFile, type AgentKey, type PendingApproval } from "@mandate/agent-sdk";
import { ADMIN, BASE_URL, type Account } from "./support/accounts";
import { signIn } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const ORIGIN = { origin: BASE_URL };
const AUDIENCE = "https://billing.e2e-sdk.test";
const JUSTIFICATION = "Ticket 4411 shows the duplicate charge; refund it.";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-e2e-sdk-"));

/** This spec's own owner: the personal access token it makes must not show up in another person's token list. */
const SDK_OWNER: Account = { name: "Sasha SDK", email: "sasha@example.test", password: "sdk-owner-password-123", roleLabel: "Owner", storageState: "" };
let ownerContext: BrowserContext;
let owner: APIRequestContext;
let ownerId = "";
let resource: { id: string; key: AgentKey; keyFile: string };

async function ok(response: Promise<import("@playwright/test").APIResponse>, status: number) {
  const r = await response;
  expect(r.status(), await r.text()).toBe(status);
  return r.json();
}

/** An agent registered and acknowledged by the owner, with its SDK client. */
async function sdkAgent(name: string, actions: string[]): Promise<MandateAgent> {
  const { key } = await generateAgentKey();
  const agent = await ok(owner.post("/api/v1/agents", { headers: ORIGIN, data: { name, environment: "staging", riskTier: "LOW", requireDpop: true, ceiling: { audiences: [AUDIENCE], actions, maxTtlSeconds: 600 }, jwks: publicJwks(key) } }), 201);
  await ok(owner.post(`/api/v1/agents/${agent.id}/owner/acknowledge`, { headers: ORIGIN }), 200);
  return MandateAgent.connect({ url: BASE_URL, clientId: agent.id, key });
}

test.beforeAll(async ({ playwright, browser }) => {
  const admin = await playwright.request.newContext({ baseURL: BASE_URL, storageState: ADMIN.storageState });
  const person = await admin.post("/api/v1/users", { headers: ORIGIN, data: { email: SDK_OWNER.email, name: SDK_OWNER.name, role: "OWNER", password: SDK_OWNER.password } });
  expect([201, 409], await person.text()).toContain(person.status());
  ownerContext = await browser.newContext();
  await signIn(await ownerContext.newPage(), SDK_OWNER);
  owner = ownerContext.request;
  ownerId = (await ok(owner.get("/api/v1/me"), 200)).id;
  const { key, privateJwk } = await generateAgentKey();
  const keyFile = path.join(dir, "resource.jwk.json");
  await writePrivateKeyFile(keyFile, privateJwk);
  const r = await ok(admin.post("/api/v1/resources", { headers: ORIGIN, data: { name: "Billing (SDK spec)", audience: AUDIENCE, jwks: publicJwks(key) } }), 201);
  resource = { id: r.id, key, keyFile };
  await admin.dispose();
});
test.afterAll(async () => ownerContext?.close());

const read = { location: AUDIENCE, actions: ["read"], identifier: "invoices/2026-11", intent: "Look up the duplicate charge of ticket 4411" };
const RESOURCE_URL = `${AUDIENCE}/invoices/2026-11`;

test("the SDK: allow, deny, step-up approved through the API, delegation, revocation and task completion", async () => {
  const agent = await sdkAgent("sdk-spec-agent", ["read", "write", "refund"]);
  const subAgent = await sdkAgent("sdk-spec-sub-agent", ["read"]);
  const verifier = await TokenVerifier.create({ url: BASE_URL, audience: AUDIENCE, mode: "both", introspection: { resourceId: resource.id, key: resource.key } });
  const check = async (c: Awaited<ReturnType<MandateAgent["requestCredential"]>>, action: string) => {
    const h = await c.authorizationHeaders("GET", RESOURCE_URL);
    return verifier.verify({ method: "GET", url: RESOURCE_URL, authorization: h.authorization, dpop: h.dpop, action });
  };

  // Allow: a DPoP-bound credential the resource accepts, locally and by introspection.
  const credential = await agent.requestCredential({ ...read, actions: ["read", "write"], ttl: 300 });
  expect(credential.tokenType).toBe("DPoP");
  expect(await check(credential, "read")).toMatchObject({ agentId: agent.clientId, taskId: credential.taskId });

  // Deny: outside the ceiling.
  const denied = await agent.requestCredential({ ...read, location: "https://elsewhere.e2e-sdk.test" }).catch((e) => e);
  expect(denied).toBeInstanceOf(MandateError);
  expect(denied).toMatchObject({ code: "access_denied", decisionId: expect.any(String) });

  // Step-up: the SDK waits and reports; the owner approves through the API; the SDK gets the token.
  const pending: PendingApproval[] = [];
  let approval: Promise<unknown> | undefined;
  const refund = await agent.requestCredential({
    ...read,
    actions: ["refund"],
    intent: "Refund the duplicate charge of ticket 4411",
    taskId: "ticket-4411-refund",
    onPending: (p) => {
      pending.push(p);
      approval ??= ok(owner.post(`/api/v1/step-ups/${p.authReqId}/approve`, { headers: ORIGIN, data: { justification: JUSTIFICATION } }), 200);
    },
  });
  await approval;
  expect(pending[0].message).toBe(`waiting for approval, request id ${pending[0].authReqId}`);
  expect(refund.authorizationDetails[0].actions).toEqual(["refund"]);
  expect((await ok(owner.get(`/api/v1/step-ups/${pending[0].authReqId}`), 200)).status).toBe("REDEEMED");

  // Delegation: the sub-agent gets a narrower slice of the parent's credential, in the same task.
  const delegated = await subAgent.exchange(credential, { actions: ["read"], ttl: 60 });
  expect(delegated.taskId).toBe(credential.taskId);
  expect(await check(delegated, "read")).toMatchObject({ agentId: agent.clientId, clientId: subAgent.clientId });

  // Completion: the task ends, its credentials and the delegated one die at once.
  expect(await agent.completeTask(credential.taskId, "succeeded")).toMatchObject({ status: "succeeded", revoked_credentials: 2 });
  await expect(check(delegated, "read")).rejects.toMatchObject({ status: 401, error: "invalid_token" });
  await expect(check(credential, "read")).rejects.toMatchObject({ status: 401 });

  // withCredential: a failing task is completed as failed; revoke gives one token back.
  await expect(agent.withCredential(read, () => Promise.reject(new Error("billing API down")))).rejects.toThrow("billing API down");
  const single = await agent.requestCredential(read);
  await agent.revoke(single);
  await expect(check(single, "read")).rejects.toMatchObject({ status: 401 });
});

type Run = { code: number; stdout: string; stderr: string };
function mandate(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(__dirname, "..", "bin", "mandate.mjs"), ...args], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", MANDATE_URL: BASE_URL, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? "");
  });
}

test("the CLI: keygen, register, token (waiting for approval), introspect, revoke, complete, with exit codes", async () => {
  const pat = (await ok(owner.post("/api/v1/tokens", { headers: ORIGIN, data: { name: "CLI spec" } }), 201)).token as string;
  const keyFile = path.join(dir, "cli-agent.jwk.json");
  const keygen = await mandate(["keygen", "--out", keyFile]);
  expect(keygen.code).toBe(0);
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

  const registered = await mandate(["register", "--name", "cli-spec-agent", "--audience", AUDIENCE, "--action", "read", "--action", "refund", "--environment", "staging", "--key-file", keyFile, "--acknowledge"], { MANDATE_TOKEN: pat });
  expect(registered.code, registered.stderr).toBe(0);
  const clientId = registered.stdout.trim();
  expect((await ok(owner.get(`/api/v1/agents/${clientId}`), 200)).agent).toMatchObject({ name: "cli-spec-agent", owner: { id: ownerId }, ownership: { state: "OWNED" } });
  const agentEnv = { MANDATE_CLIENT_ID: clientId, MANDATE_KEY_FILE: keyFile };
  const resourceEnv = { MANDATE_RESOURCE_ID: resource.id, MANDATE_RESOURCE_KEY_FILE: resource.keyFile };

  const token = await mandate(["token", "--audience", AUDIENCE, "--action", "read", "--intent", "Read invoices for the CLI spec", "--json"], agentEnv);
  expect(token.code, token.stderr).toBe(0);
  const issued = JSON.parse(token.stdout);
  expect(issued).toMatchObject({ token_type: "DPoP", authorization_details: [{ actions: ["read"], locations: [AUDIENCE] }] });

  const active = await mandate(["introspect", "-"], resourceEnv, issued.access_token);
  expect(active.code).toBe(0);
  expect(JSON.parse(active.stdout)).toMatchObject({ active: true, client_id: clientId });
  expect((await mandate(["revoke", issued.access_token], agentEnv)).code).toBe(0);
  const inactive = await mandate(["introspect", issued.access_token], resourceEnv);
  expect(inactive).toMatchObject({ code: 1 });
  expect(JSON.parse(inactive.stdout)).toEqual({ active: false });

  const refund = ["token", "--audience", AUDIENCE, "--action", "refund", "--intent", "Refund ticket 4411 from the CLI"];
  const noWait = await mandate([...refund, "--no-wait"], agentEnv);
  expect(noWait.code).toBe(3);
  const requestId = /request id ([\w-]+)/.exec(noWait.stderr)![1];
  await ok(owner.post(`/api/v1/step-ups/${requestId}/deny`, { headers: ORIGIN, data: { justification: "Asked without waiting; ask again." } }), 200);

  // Waits, showing progress, while the owner approves the new request through the API.
  const waiting = mandate(refund, agentEnv);
  let stepUpId = "";
  await expect.poll(async () => {
    const list = await ok(owner.get("/api/v1/step-ups?status=PENDING"), 200);
    stepUpId = list.items.find((s: { agent: { id: string } }) => s.agent.id === clientId)?.id ?? "";
    return stepUpId;
  }).not.toBe("");
  await ok(owner.post(`/api/v1/step-ups/${stepUpId}/approve`, { headers: ORIGIN, data: { justification: JUSTIFICATION } }), 200);
  const approved = await waiting;
  expect(approved.code, approved.stderr).toBe(0);
  expect(approved.stderr).toContain(`waiting for approval, request id ${stepUpId}`);
  const taskId = /task (\S+)\n/.exec(approved.stderr)![1];

  const done = await mandate(["complete", taskId, "--status", "succeeded"], agentEnv);
  expect(done).toMatchObject({ code: 0, stdout: `task ${taskId} succeeded: 1 credential(s) revoked\n` });
  const denied = await mandate(["token", "--audience", "https://elsewhere.e2e-sdk.test", "--action", "read", "--intent", "Outside the ceiling"], agentEnv);
  expect(denied).toMatchObject({ code: 1, stderr: expect.stringContaining("access_denied") });
});
