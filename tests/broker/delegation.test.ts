// Delegation (RFC 8693 token exchange): a registered sub-agent gets a
// narrower token than its parent's, never longer-lived, with an act chain;
// depth is limited by policy and the child's own ceiling applies too.
import { beforeAll, describe, expect, it } from "vitest";
import { calculateJwkThumbprint, decodeJwt } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import type { Actor } from "@/lib/services/context";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import { counts, expectRefusal, itLeavesAnIntactAuditChain } from "./evidence";
import { credentialOf } from "./revocation-support";

const t = useTestDatabase();
let owner: Actor;
let rs: TestResource;

beforeAll(async () => {
  owner = await seedUser(t.ctx(), "OWNER");
  rs = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
});

async function family(childActions?: string[], childTtl?: number) {
  const { agent: parent } = await ownedAgent(t.ctx(), { owner });
  const { agent: child } = await ownedAgent(t.ctx(), { owner, actions: childActions, maxTtlSeconds: childTtl });
  const p = await parent.token([detail({ actions: ["read", "write"] })]);
  expect(p.status, JSON.stringify(p.json)).toBe(200);
  return { parent, child, parentToken: p.json.access_token as string, parentTaskId: p.json.task_id as string };
}

const refusedDetails = { status: 400, error: "invalid_authorization_details", auditType: "broker.request_refused" } as const;

describe("a delegated token", () => {
  it("is a subset, names the parent as sub, the child as client_id and in act", async () => {
    const { parent, child, parentToken, parentTaskId } = await family();
    const res = await child.exchange(parentToken, [detail({ actions: ["read"] })]);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ task_id: parentTaskId, authorization_details: [expect.objectContaining({ actions: ["read"] })] });
    // RFC 8693 §2.2.1: a token exchange says what it issued.
    expect(res.json.issued_token_type).toBe("urn:ietf:params:oauth:token-type:access_token");
    const claims = decodeJwt(res.json.access_token);
    expect(claims).toMatchObject({ sub: parent.id, client_id: child.id, act: { sub: child.id }, aud: "https://billing.internal", task_id: parentTaskId });
    expect((await rs.introspect(res.json.access_token)).json).toMatchObject({ active: true, sub: parent.id, client_id: child.id, act: { sub: child.id } });
    const row = await credentialOf(t.db, res.json.access_token);
    const parentRow = await credentialOf(t.db, parentToken);
    expect(row).toMatchObject({ agentId: child.id, parentId: parentRow.id, delegationDepth: 1 });
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id } });
    expect(decision).toMatchObject({ grantType: "token-exchange", outcome: "ALLOW" });
    expect(JSON.parse(decision.input).request.context).toMatchObject({ delegationDepth: 1, grantType: "token-exchange" });
  });

  it("without authorization_details inherits exactly the parent's", async () => {
    const { child, parentToken } = await family();
    const res = await child.exchange(parentToken);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.authorization_details[0].actions).toEqual(["read", "write"]);
  });

  it("never outlives the parent", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const p = await parent.token([detail()], { expiresIn: 120 });
    const c = await child.exchange(p.json.access_token, undefined, { expiresIn: 900 });
    expect(c.status, JSON.stringify(c.json)).toBe(200);
    expect(c.json.expires_in).toBeLessThanOrEqual(120);
    expect(decodeJwt(c.json.access_token).exp!).toBeLessThanOrEqual(decodeJwt(p.json.access_token).exp!);
  });

  it("carries the whole act chain two hops down", async () => {
    const { child, parentToken, parent } = await family();
    const { agent: grandchild } = await ownedAgent(t.ctx(), { owner });
    const c1 = await child.exchange(parentToken, [detail({ actions: ["read"] })]);
    const c2 = await grandchild.exchange(c1.json.access_token);
    expect(c2.status, JSON.stringify(c2.json)).toBe(200);
    expect(decodeJwt(c2.json.access_token)).toMatchObject({ sub: parent.id, client_id: grandchild.id, act: { sub: grandchild.id, act: { sub: child.id } } });
  });
});

describe("a DPoP-bound parent", () => {
  it("is never exchanged for a bearer token: without a proof the exchange is refused, with one the child is bound to the child's own key", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner, dpop: true });
    const { agent: child } = await ownedAgent(t.ctx(), { owner, dpop: true });
    const p = await parent.token([detail()]);
    expect(p.json.token_type, JSON.stringify(p.json)).toBe("DPoP");
    const before = await counts(t.db);
    const bare = await child.exchange(p.json.access_token, undefined, { dpop: false });
    await expectRefusal(t.db, before, bare, { status: 400, error: "invalid_request", auditType: "broker.request_refused", describe: /DPoP-bound/ });

    const bound = await child.exchange(p.json.access_token);
    expect(bound.status, JSON.stringify(bound.json)).toBe(200);
    expect(bound.json.token_type).toBe("DPoP");
    const jkt = await calculateJwkThumbprint(child.dpopKey!.publicJwk);
    expect(decodeJwt(bound.json.access_token).cnf).toEqual({ jkt });
    expect((await rs.introspect(bound.json.access_token)).json).toMatchObject({ active: true, cnf: { jkt } });
  });

  it("a bearer parent may still be delegated without DPoP (LOW agents choose)", async () => {
    const { child, parentToken } = await family();
    const res = await child.exchange(parentToken, undefined, { dpop: false });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.token_type).toBe("Bearer");
  });
});

describe("refused exchanges", () => {
  it("a parent with less than a second to live: invalid_grant, never a server error", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const p = await parent.token([detail()], { expiresIn: 1 });
    expect(p.status, JSON.stringify(p.json)).toBe(200);
    const res = await child.exchange(p.json.access_token);
    // Within the second: "expires within a second"; a slow machine past it: "not a live credential". Never a 5xx, never a credential.
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error).toBe("invalid_grant");
    expect(await t.db.credential.count({ where: { agentId: child.id } })).toBe(0);
  });


  it("a superset of the parent's verbs", async () => {
    const { child, parentToken } = await family();
    const before = await counts(t.db);
    const res = await child.exchange(parentToken, [detail({ actions: ["read", "write", "delete"] })]);
    await expectRefusal(t.db, before, res, { ...refusedDetails, describe: /does not grant delete/ });
  });

  it("a different location", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner, audiences: ["https://billing.internal", "https://crm.internal"] });
    const { agent: child } = await ownedAgent(t.ctx(), { owner, audiences: ["https://billing.internal", "https://crm.internal"] });
    const p = await parent.token([detail()]);
    const before = await counts(t.db);
    const res = await child.exchange(p.json.access_token, [detail({ locations: ["https://crm.internal"] })]);
    await expectRefusal(t.db, before, res, { ...refusedDetails, describe: /location differs/ });
  });

  it("delegating to oneself", async () => {
    const { parent, parentToken } = await family();
    const before = await counts(t.db);
    const res = await parent.exchange(parentToken, [detail()]);
    await expectRefusal(t.db, before, res, { status: 400, error: "invalid_request", auditType: "broker.request_refused", describe: /cannot delegate to itself/ });
  });

  it("three hops deep is denied by policy (delegation-too-deep)", async () => {
    const { child, parentToken } = await family();
    const { agent: c2 } = await ownedAgent(t.ctx(), { owner });
    const { agent: c3 } = await ownedAgent(t.ctx(), { owner });
    const hop1 = await child.exchange(parentToken);
    const hop2 = await c2.exchange(hop1.json.access_token);
    expect(hop2.status, JSON.stringify(hop2.json)).toBe(200);
    const hop3 = await c3.exchange(hop2.json.access_token);
    expect(hop3.json).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
    expect(hop3.json.error_description).toContain("delegation-too-deep");
    expect(await t.db.decision.findUniqueOrThrow({ where: { id: hop3.json.decision_id } })).toMatchObject({ outcome: "DENY", policyVersion: 1 });
    expect(await t.db.credential.count({ where: { agentId: c3.id } })).toBe(0);
  });

  it("a revoked parent's token", async () => {
    const { parent, child, parentToken } = await family();
    await parent.revoke(parentToken);
    const before = await counts(t.db);
    const res = await child.exchange(parentToken);
    await expectRefusal(t.db, before, res, { status: 400, error: "invalid_grant", auditType: "broker.request_refused", describe: /not a live credential/ });
  });

  it("a parent whose task has ended", async () => {
    const { parent, child, parentToken, parentTaskId } = await family();
    await parent.complete(parentTaskId, "succeeded");
    expect((await child.exchange(parentToken)).json).toMatchObject({ error: "invalid_grant" });
  });

  it("a token that is not Mandate's", async () => {
    const { child } = await family();
    expect((await child.exchange("eyJhbGciOiJFZERTQSJ9.e30.c2ln")).json).toMatchObject({ error: "invalid_grant" });
  });
});

describe("the child's own ceiling applies too", () => {
  it("a verb the parent holds but the child's ceiling lacks is denied", async () => {
    const { child, parentToken } = await family(["read"]);
    const res = await child.exchange(parentToken, [detail({ actions: ["read", "write"] })]);
    expect(res.json).toMatchObject({ error: "access_denied" });
    expect(res.json.error_description).toContain("ceiling-action");
    expect(await t.db.credential.count({ where: { agentId: child.id } })).toBe(0);
  });

  it("the lifetime is cut to the child's ceiling", async () => {
    const { child, parentToken } = await family(undefined, 60);
    const res = await child.exchange(parentToken, [detail({ actions: ["read"] })]);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.expires_in).toBe(60);
  });

  it("an unowned child is denied", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner, acknowledge: false });
    const p = await parent.token([detail()]);
    const res = await child.exchange(p.json.access_token);
    expect(res.json).toMatchObject({ error: "access_denied" });
    expect(res.json.error_description).toContain("agent-not-owned");
  });
});

describe("a delegated destructive action", () => {
  it("steps up; after an independent approval the child gets the narrowed token with its act chain, once", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const p = await parent.token([detail({ actions: ["read", "refund"] })]);
    expect(p.json.error).toBe("step_up_required");
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    await decideStepUp(t.ctx(), lead, p.json.auth_req_id, { vote: "APPROVE", justification: "Refund for ticket 4411 verified by finance" });
    const granted = await parent.poll(p.json.auth_req_id);
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    const c = await child.exchange(granted.json.access_token, [detail({ actions: ["refund"] })]);
    expect(c.json.error, JSON.stringify(c.json)).toBe("step_up_required");
    await decideStepUp(t.ctx(), lead, c.json.auth_req_id, { vote: "APPROVE", justification: "The sub-agent performs that same refund" });
    const delegated = await child.poll(c.json.auth_req_id);
    expect(delegated.status, JSON.stringify(delegated.json)).toBe(200);
    expect(decodeJwt(delegated.json.access_token)).toMatchObject({ sub: parent.id, client_id: child.id, act: { sub: child.id }, authorization_details: [expect.objectContaining({ actions: ["refund"] })] });
    expect(await credentialOf(t.db, delegated.json.access_token)).toMatchObject({ parentId: (await credentialOf(t.db, granted.json.access_token)).id, delegationDepth: 1 });
    expect((await child.poll(c.json.auth_req_id)).json.error).toBe("invalid_grant");
    // And it dies with its parent.
    await parent.revoke(granted.json.access_token);
    expect((await rs.introspect(delegated.json.access_token)).json).toEqual({ active: false });
  });

  it("approved, but its parent was revoked before the child redeemed it: refused for that reason, in the answer and in the evidence", async () => {
    const { agent: parent } = await ownedAgent(t.ctx(), { owner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    const p = await parent.token([detail({ actions: ["read", "refund"] })]);
    await decideStepUp(t.ctx(), lead, p.json.auth_req_id, { vote: "APPROVE", justification: "Refund for ticket 4411 verified by finance" });
    const granted = await parent.poll(p.json.auth_req_id);
    const c = await child.exchange(granted.json.access_token, [detail({ actions: ["refund"] })]);
    expect(c.json.error, JSON.stringify(c.json)).toBe("step_up_required");
    await decideStepUp(t.ctx(), lead, c.json.auth_req_id, { vote: "APPROVE", justification: "The sub-agent performs that same refund" });
    await parent.revoke(granted.json.access_token);
    const refused = await child.poll(c.json.auth_req_id);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe("access_denied");
    expect(refused.json.error_description).toMatch(/parent credential is no longer live/);
    expect(refused.json.error_description).not.toMatch(/step-up/);
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: refused.json.decision_id } });
    expect(decision.outcome).toBe("DENY");
    expect(JSON.parse(decision.reasons)).toEqual([expect.objectContaining({ policyId: "parent-not-live" })]);
    expect(await t.db.credential.count({ where: { agentId: child.id } })).toBe(0);
  });
});

itLeavesAnIntactAuditChain(t);
