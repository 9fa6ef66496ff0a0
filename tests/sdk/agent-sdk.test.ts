// The SDK (packages/sdk) speaking to the real broker code — route handlers
// called in-process over a test database — through allow, deny, step-up
// (approved by a person through the service the approvals API calls),
// delegation, revocation and task completion, and the resource-server
// verifier checking what it issued. e2e/sdk.spec.ts does the same against a
// started server.
import { beforeAll, describe, expect, it } from "vitest";
import { MandateAgent, MandateError, TokenVerifier, createDpopProof, type AgentKey, type PendingApproval } from "@mandate/agent-sdk";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { ISSUER, type KeyPair, type TestResource } from "@/tests/support/agent-client";
import { inProcessFetch } from "@/tests/support/in-process-fetch";
import type { Actor } from "@/lib/services/context";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";

const t = useTestDatabase();
const BILLING = "https://billing.internal";
let owner: Actor;
let resource: TestResource;

beforeAll(async () => {
  owner = await seedUser(t.ctx(), "OWNER");
  resource = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
});

const asAgentKey = (k: KeyPair): AgentKey => ({ alg: k.alg, kid: k.kid, privateKey: k.privateKey, publicJwk: { ...k.publicJwk, kid: k.kid, alg: k.alg } });

async function connect(opts: { tier?: "LOW" | "HIGH"; environment?: string; clock?: { sleep: (ms: number, signal?: AbortSignal) => Promise<void> } } = {}) {
  const { agent } = await ownedAgent(t.ctx(), { owner, riskTier: opts.tier, environment: opts.environment });
  const fetch = inProcessFetch();
  const sdk = await MandateAgent.connect({ url: ISSUER, clientId: agent.id, key: asAgentKey(agent.key), fetch, clock: opts.clock });
  return { sdk, fetch, id: agent.id };
}

const verifier = (mode: "jwks" | "introspection" | "both" = "jwks") =>
  TokenVerifier.create({ url: ISSUER, audience: BILLING, mode, fetch: inProcessFetch(), introspection: { resourceId: resource.id, key: asAgentKey(resource.key) } });

const read = { location: BILLING, actions: ["read"], identifier: "invoices/2026-11", intent: "Look up the duplicate charge of ticket 4411" };
const refund = { ...read, actions: ["refund"], intent: "Refund the duplicate charge of ticket 4411" };
const RESOURCE_URL = `${BILLING}/invoices/2026-11`;

describe("MandateAgent against the broker", () => {
  it("allow: a DPoP-bound credential that the resource-server verifier accepts for read and refuses for refund", async () => {
    const { sdk, fetch } = await connect();
    expect(fetch.calls[0]).toBe("GET /.well-known/oauth-authorization-server");
    const credential = await sdk.requestCredential({ ...read, ttl: 120 });
    expect(credential).toMatchObject({ tokenType: "DPoP", expiresIn: 120, audience: BILLING });
    expect(JSON.stringify(credential)).not.toContain(credential.accessToken);

    const v = await verifier("both");
    const headers = await credential.authorizationHeaders("GET", RESOURCE_URL);
    const verified = await v.verify({ method: "GET", url: RESOURCE_URL, authorization: headers.authorization, dpop: headers.dpop, action: "read" });
    expect(verified).toMatchObject({ agentId: sdk.clientId, taskId: credential.taskId });
    // The same proof again is a replay.
    await expect(v.verify({ method: "GET", url: RESOURCE_URL, authorization: headers.authorization, dpop: headers.dpop, action: "read" })).rejects.toMatchObject({ status: 401, error: "invalid_dpop_proof" });
    const again = await credential.authorizationHeaders("POST", RESOURCE_URL);
    await expect(v.verify({ method: "POST", url: RESOURCE_URL, authorization: again.authorization, dpop: again.dpop, action: "refund" })).rejects.toMatchObject({ status: 403, error: "insufficient_scope" });
    // Without the bound key the token is useless: a proof from another key is refused.
    const other = await MandateAgent.connect({ url: ISSUER, clientId: sdk.clientId, key: asAgentKey((await ownedAgent(t.ctx(), { owner })).agent.key), fetch: inProcessFetch() });
    const forged = await createDpopProof(other.dpopKey!, "GET", RESOURCE_URL, credential.accessToken);
    await expect(v.verify({ method: "GET", url: RESOURCE_URL, authorization: headers.authorization, dpop: forged, action: "read" })).rejects.toMatchObject({ status: 401, error: "invalid_token" });
  });

  it("deny: access_denied with the decision id and the policy's reason", async () => {
    const { sdk } = await connect();
    const e = await sdk.requestCredential({ ...read, location: "https://crm.internal" }).catch((x) => x);
    expect(e).toBeInstanceOf(MandateError);
    expect(e).toMatchObject({ code: "access_denied", status: 400, isDenied: true });
    expect(e.decisionId).toEqual(expect.any(String));
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: e.decisionId } });
    expect(decision.outcome).toBe("DENY");
  });

  it("step-up: reports 'waiting for approval', polls, and resolves once a person approves", async () => {
    const pending: PendingApproval[] = [];
    let approved = false;
    // The wait itself is where the person acts: approve on the second wait.
    const sleep = async () => {
      if (pending.length === 2 && !approved) {
        approved = true;
        await decideStepUp(t.ctx(), owner, pending[0].authReqId, { vote: "APPROVE", justification: "Ticket 4411 shows the duplicate charge." });
      }
    };
    const { sdk } = await connect({ clock: { sleep } });
    const credential = await sdk.requestCredential({ ...refund, onPending: (p) => pending.push(p) });
    expect(approved).toBe(true);
    expect(pending[0].message).toBe(`waiting for approval, request id ${pending[0].authReqId}`);
    expect(pending.map((p) => p.polls)).toEqual([0, 1]);
    expect(credential.authorizationDetails[0].actions).toEqual(["refund"]);
    const row = await t.db.stepUpRequest.findUniqueOrThrow({ where: { id: pending[0].authReqId } });
    expect(row.status).toBe("REDEEMED");
  });

  it("step-up: a person's denial ends the wait with access_denied", async () => {
    let id = "";
    const sleep = async () => {
      await decideStepUp(t.ctx(), owner, id, { vote: "DENY", justification: "No ticket backs this refund." });
    };
    const { sdk } = await connect({ clock: { sleep } });
    await expect(sdk.requestCredential({ ...refund, onPending: (p) => (id = p.authReqId) })).rejects.toMatchObject({ code: "access_denied", authReqId: expect.any(String) });
  });

  it("step-up: waitForApproval false answers step_up_required at once; an abort signal stops the wait", async () => {
    const { sdk } = await connect();
    await expect(sdk.requestCredential({ ...refund, waitForApproval: false })).rejects.toMatchObject({ code: "step_up_required", authReqId: expect.any(String) });
    const controller = new AbortController();
    const waiting = sdk.requestCredential({ ...refund, signal: controller.signal, onPending: () => controller.abort(new Error("operator gave up")) });
    await expect(waiting).rejects.toMatchObject({ code: "aborted" });
  });

  it("delegation: the sub-agent's narrower credential shares the task and dies when the task completes", async () => {
    const { sdk: parent } = await connect();
    const { sdk: child } = await connect();
    const credential = await parent.requestCredential({ ...read, actions: ["read", "write"] });
    const delegated = await child.exchange(credential, { actions: ["read"], ttl: 60 });
    expect(delegated.taskId).toBe(credential.taskId);
    expect(delegated.authorizationDetails[0].actions).toEqual(["read"]);
    await expect(child.exchange(credential, { actions: ["delete"] })).rejects.toMatchObject({ code: "invalid_authorization_details" });

    const v = await verifier("introspection");
    const h = await delegated.authorizationHeaders("GET", RESOURCE_URL);
    const verified = await v.verify({ method: "GET", url: RESOURCE_URL, authorization: h.authorization, dpop: h.dpop, action: "read" });
    expect(verified).toMatchObject({ agentId: parent.clientId, clientId: child.clientId });

    const done = await parent.completeTask(credential.taskId, "succeeded");
    expect(done).toMatchObject({ status: "succeeded", revoked_credentials: 2 });
    const after = await delegated.authorizationHeaders("GET", RESOURCE_URL);
    await expect(v.verify({ method: "GET", url: RESOURCE_URL, authorization: after.authorization, dpop: after.dpop, action: "read" })).rejects.toMatchObject({ status: 401, error: "invalid_token" });
  });

  it("revoke gives one token back", async () => {
    const { sdk } = await connect();
    const credential = await sdk.requestCredential(read);
    await sdk.revoke(credential);
    expect((await resource.introspect(credential.accessToken)).json).toEqual({ active: false });
  });

  it("withCredential completes the task as succeeded when fn resolves and as failed when it throws", async () => {
    const { sdk } = await connect();
    let kept = "";
    const answer = await sdk.withCredential(read, async (c) => {
      kept = c.accessToken;
      expect((await resource.introspect(c.accessToken)).json.active).toBe(true);
      return 42;
    });
    expect(answer).toBe(42);
    expect((await resource.introspect(kept)).json).toEqual({ active: false });
    const succeeded = await t.db.credential.findFirstOrThrow({ where: { agentId: sdk.clientId }, select: { task: { select: { status: true } } } });
    expect(succeeded.task.status).toBe("SUCCEEDED");

    const boom = new Error("the billing API fell over");
    let taskId = "";
    await expect(sdk.withCredential({ ...read, taskId: "ticket-4412" }, (c) => {
      taskId = c.taskId;
      throw boom;
    })).rejects.toBe(boom);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe("FAILED");
  });

  it("an unreachable Mandate is a network_error, not a hang", async () => {
    await expect(MandateAgent.connect({ url: "http://127.0.0.1:9", clientId: "x", key: asAgentKey((await ownedAgent(t.ctx(), { owner })).agent.key), fetch: inProcessFetch() })).rejects.toMatchObject({ code: "network_error", isUnavailable: true });
  });
});
