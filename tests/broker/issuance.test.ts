// Issuance: the access token's claims (verified with the published JWKS), the
// granted lifetime, DPoP binding, what the database keeps (never the token or
// its jti), DPoP proof refusals, and tasks that have ended.
import { beforeAll, describe, expect, it } from "vitest";
import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, dpopProof, ISSUER, newKeyPair, TOKEN_ENDPOINT, type TestAgent } from "@/tests/support/agent-client";
import { call } from "@/tests/support/http";
import { hashJti } from "@/lib/jose/digest";
import * as jwksRoute from "@/app/.well-known/jwks.json/route";
import { counts, expectRefusal, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();
let jwks: ReturnType<typeof createLocalJWKSet>;

async function verifyToken(token: string, audience: string) {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: ISSUER, audience, typ: "at+jwt", algorithms: ["EdDSA"] });
  return { payload: payload as Record<string, any>, header: protectedHeader };
}

beforeAll(async () => {
  // The first request installs the signing key; then the JWKS route publishes it.
  const { agent } = await ownedAgent(t.ctx());
  expect((await agent.token([detail()])).status).toBe(200);
  const res = await call(jwksRoute, "GET", "/.well-known/jwks.json");
  expect(res.status).toBe(200);
  expect(res.json.keys.length).toBeGreaterThan(0);
  for (const k of res.json.keys as JWK[]) expect(k).not.toHaveProperty("d");
  jwks = createLocalJWKSet(res.json);
});

describe("the access token", () => {
  it("carries exactly the granted permit, bound to the DPoP key", async () => {
    const { agent } = await ownedAgent(t.ctx(), { dpop: true });
    const entry = detail({ actions: ["read", "write"], task_id: "claims-1" });
    const res = await agent.token([entry], { expiresIn: 300 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ token_type: "DPoP", expires_in: 300, authorization_details: [entry], task_id: expect.any(String), decision_id: expect.any(String) });
    const { payload, header } = await verifyToken(res.json.access_token, "https://billing.internal");
    expect(header.kid).toEqual(expect.any(String));
    expect(payload).toEqual({
      iss: ISSUER,
      sub: agent.id,
      aud: "https://billing.internal",
      exp: payload.iat + 300,
      iat: expect.any(Number),
      jti: expect.any(String),
      client_id: agent.id,
      authorization_details: [entry],
      task_id: res.json.task_id,
      cnf: { jkt: await calculateJwkThumbprint(agent.dpopKey!.publicJwk, "sha256") },
    });
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(10);
    const task = await t.db.task.findUniqueOrThrow({ where: { id: res.json.task_id } });
    expect(task).toMatchObject({ agentId: agent.id, clientTaskId: "claims-1", status: "RUNNING" });
  });

  it("is a Bearer token without cnf when no DPoP proof was sent", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const res = await agent.token([detail()]);
    expect(res.json).toMatchObject({ token_type: "Bearer" });
    const { payload } = await verifyToken(res.json.access_token, "https://billing.internal");
    expect(payload).not.toHaveProperty("cnf");
    expect(payload).not.toHaveProperty("act");
    expect(await t.db.credential.findFirstOrThrow({ where: { agentId: agent.id } })).toMatchObject({ dpopJkt: null });
  });

  it("does not verify for any other audience", async () => {
    const { agent } = await ownedAgent(t.ctx(), { audiences: ["https://billing.internal", "https://crm.internal"] });
    const res = await agent.token([detail({ locations: ["https://crm.internal"] })]);
    expect(res.status).toBe(200);
    await expect(verifyToken(res.json.access_token, "https://billing.internal")).rejects.toThrow();
    expect((await verifyToken(res.json.access_token, "https://crm.internal")).payload.aud).toBe("https://crm.internal");
  });
});

describe("expires_in is the smallest of requested, policy max (3600) and ceiling", () => {
  const cases = [
    { name: "requested below the ceiling", ceiling: 900, requested: 300, expected: 300 },
    { name: "nothing requested: the ceiling", ceiling: 900, requested: undefined, expected: 900 },
    { name: "nothing requested, ceiling above the policy max", ceiling: 7200, requested: undefined, expected: 3600 },
    { name: "requested above the policy max, within the ceiling", ceiling: 7200, requested: 5000, expected: 3600 },
    { name: "requested equal to the ceiling", ceiling: 600, requested: 600, expected: 600 },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.expected}`, async () => {
      const { agent } = await ownedAgent(t.ctx(), { maxTtlSeconds: c.ceiling });
      const res = await agent.token([detail()], { expiresIn: c.requested });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.expires_in).toBe(c.expected);
      const { payload } = await verifyToken(res.json.access_token, "https://billing.internal");
      expect(payload.exp - payload.iat).toBe(c.expected);
      const row = await t.db.credential.findFirstOrThrow({ where: { agentId: agent.id } });
      expect((row.expiresAt.getTime() - row.issuedAt.getTime()) / 1000).toBe(c.expected);
    });
  }
});

describe("what the database keeps", () => {
  it("only the hash of the jti: neither the token nor its jti is stored anywhere", async () => {
    const { agent } = await ownedAgent(t.ctx(), { dpop: true });
    const res = await agent.token([detail()]);
    expect(res.status).toBe(200);
    const token: string = res.json.access_token;
    const { jti } = decodeJwt(token) as { jti: string };
    const [, , signature] = token.split(".");
    const credential = await t.db.credential.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(credential.jtiHash).toBe(hashJti(jti));
    expect(credential.jtiHash).not.toContain(jti);
    const rows = [
      ...(await t.db.credential.findMany()),
      ...(await t.db.decision.findMany()),
      ...(await t.db.auditEvent.findMany()),
      ...(await t.db.task.findMany()),
      ...(await t.db.stepUpRequest.findMany()),
      ...(await t.db.replayGuard.findMany()),
    ];
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(signature);
    expect(dump).not.toContain(jti);
  });
});

describe("DPoP proof refusals (invalid_dpop_proof, audited, nothing written)", () => {
  let agent: TestAgent;
  beforeAll(async () => {
    ({ agent } = await ownedAgent(t.ctx(), { dpop: true }));
  });
  const refusal = { status: 400, error: "invalid_dpop_proof", auditType: "broker.request_refused" } as const;

  it("a proof for another URL (htu)", async () => {
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, headers: { dpop: await dpopProof(agent.dpopKey!, { htu: `${ISSUER}/api/oauth/introspect` }) } });
    await expectRefusal(t.db, before, res, { ...refusal, describe: /wrong_htu/ });
  });

  it("a proof for another method (htm)", async () => {
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, headers: { dpop: await dpopProof(agent.dpopKey!, { htm: "GET" }) } });
    await expectRefusal(t.db, before, res, { ...refusal, describe: /wrong_htm/ });
  });

  it("a stale proof (iat two minutes ago)", async () => {
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, headers: { dpop: await dpopProof(agent.dpopKey!, { iat: Math.floor(Date.now() / 1000) - 120 }) } });
    await expectRefusal(t.db, before, res, { ...refusal, describe: /stale_iat/ });
  });

  it("a bad proof from a client that fails to authenticate is refused as invalid_client (the proof is checked alongside, but the client comes first)", async () => {
    const rogue = await newKeyPair();
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, assertion: await clientAssertion(agent.id, rogue, { kid: null }), headers: { dpop: await dpopProof(agent.dpopKey!, { htm: "GET" }) } });
    await expectRefusal(t.db, before, res, { status: 401, error: "invalid_client", auditType: "broker.client_auth_failed", describe: /signature_invalid/ });
  });

  it("a bad proof and no grant_type: the missing parameter is named first, as before the proof was checked alongside", async () => {
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, extra: { grant_type: "" }, headers: { dpop: await dpopProof(agent.dpopKey!, { htm: "GET" }) } });
    await expectRefusal(t.db, before, res, { status: 400, error: "invalid_request", auditType: "broker.request_refused", describe: /grant_type/ });
  });

  it("a replayed proof: the first use succeeds, the second is refused", async () => {
    const proof = await dpopProof(agent.dpopKey!, { htu: TOKEN_ENDPOINT });
    const first = await agent.token([detail()], { dpop: false, headers: { dpop: proof } });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const before = await counts(t.db);
    const res = await agent.token([detail()], { dpop: false, headers: { dpop: proof } });
    await expectRefusal(t.db, before, res, { ...refusal, describe: /replayed/ });
  });
});

describe("tasks", () => {
  it("a task_id whose task has ended cannot get new credentials", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const entry = detail({ task_id: "reconcile-nov" });
    const first = await agent.token([entry]);
    expect(first.status).toBe(200);
    // The same task id continues the running task.
    const second = await agent.token([entry]);
    expect(second.json.task_id).toBe(first.json.task_id);
    expect((await agent.complete(first.json.task_id, "succeeded")).status).toBe(200);
    const before = await counts(t.db);
    const again = await agent.token([entry]);
    await expectRefusal(t.db, before, again, { status: 400, error: "invalid_request", auditType: "broker.request_refused", describe: /task reconcile-nov has ended/ });
  });
});

itLeavesAnIntactAuditChain(t);
