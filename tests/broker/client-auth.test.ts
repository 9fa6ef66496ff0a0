// Workload authentication at the token endpoint (private_key_jwt, RFC 7523).
// Every refusal is 401 invalid_client, leaves a broker.client_auth_failed
// audit event, and writes no credential, decision, task or step-up request.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, newKeyPair, postForm, TestAgent, TOKEN_ENDPOINT } from "@/tests/support/agent-client";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import * as tokenRoute from "@/app/api/oauth/token/route";
import { counts, expectRefusal, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();
const refused = { status: 401, error: "invalid_client", auditType: "broker.client_auth_failed" } as const;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

let agent: TestAgent;
let other: TestAgent;

beforeAll(async () => {
  ({ agent } = await ownedAgent(t.ctx()));
  ({ agent: other } = await ownedAgent(t.ctx()));
  // Warm up (policy set, signing key) so the counts below only see the request under test.
  const ok = await agent.token([detail()]);
  expect(ok.status, JSON.stringify(ok.json)).toBe(200);
});

/** A token request from `agent` with a hand-made assertion. */
async function withAssertion(assertion: string, extra: Record<string, string> = {}) {
  const before = await counts(t.db);
  const res = await agent.token([detail()], { assertion, extra });
  return { before, res };
}

describe("client authentication refusals", () => {
  it("an unknown agent", async () => {
    const stranger = new TestAgent(`agent-${randomUUID()}`.slice(0, 32), await newKeyPair());
    const before = await counts(t.db);
    const res = await stranger.token([detail()]);
    await expectRefusal(t.db, before, res, { ...refused, describe: /unknown_client/ });
  });

  it("a key that was never registered (with and without kid)", async () => {
    const rogue = await newKeyPair();
    const a = await withAssertion(await clientAssertion(agent.id, rogue));
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /unknown_kid/ });
    const b = await withAssertion(await clientAssertion(agent.id, rogue, { kid: null }));
    await expectRefusal(t.db, b.before, b.res, { ...refused, describe: /signature_invalid/ });
  });

  it("another agent's registered key, claiming this agent's id", async () => {
    const a = await withAssertion(await clientAssertion(agent.id, other.key));
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /unknown_kid/ });
    const b = await withAssertion(await clientAssertion(agent.id, other.key, { kid: null }));
    await expectRefusal(t.db, b.before, b.res, { ...refused, describe: /signature_invalid/ });
  });

  it('an unsigned assertion (alg "none")', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ iss: agent.id, sub: agent.id, aud: TOKEN_ENDPOINT, iat: now, exp: now + 60, jti: randomUUID() })}.`;
    const a = await withAssertion(unsigned);
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /alg_none/ });
  });

  it("an HMAC (HS256) assertion", async () => {
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: agent.key.kid })
      .setIssuer(agent.id)
      .setSubject(agent.id)
      .setAudience(TOKEN_ENDPOINT)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      // The "secret" an attacker would try: the agent's public key material.
      .sign(new TextEncoder().encode(JSON.stringify(agent.key.publicJwk)));
    const a = await withAssertion(hs);
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /alg_not_allowed/ });
  });

  it("an expired assertion", async () => {
    const now = Math.floor(Date.now() / 1000);
    const a = await withAssertion(await clientAssertion(agent.id, agent.key, { iat: now - 300, exp: now - 120 }));
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /expired/ });
  });

  it("an assertion valid for 10 minutes (too far ahead)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const a = await withAssertion(await clientAssertion(agent.id, agent.key, { exp: now + 600 }));
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /lifetime_too_long/ });
  });

  it("an assertion for another audience", async () => {
    const a = await withAssertion(await clientAssertion(agent.id, agent.key, { aud: "https://other-as.example/token" }));
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /wrong_audience/ });
  });

  // Regression: a claimed client id with a lone surrogate reached the database query, which failed: 500 instead of 401.
  it("a claimed client id that is not well-formed text", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: agent.key.alg, kid: agent.key.kid })
      .setIssuer(`${agent.id}\ud800`)
      .setSubject(`${agent.id}\ud800`)
      .setAudience(TOKEN_ENDPOINT)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(agent.key.privateKey);
    const a = await withAssertion(forged);
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /unknown_client/ });
  });

  it("a replayed jti: the first use succeeds, the second is refused", async () => {
    const assertion = await clientAssertion(agent.id, agent.key);
    const first = await agent.token([detail()], { assertion });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const a = await withAssertion(assertion);
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /replayed/ });
  });

  it("an assertion whose request was refused is used up all the same: presenting it again is a replay", async () => {
    for (const spoil of <Record<string, string>[]>[
      { authorization_details: "[]" },
      { grant_type: "password" },
      { expires_in: "0" },
    ]) {
      const assertion = await clientAssertion(agent.id, agent.key);
      const first = await agent.token([detail()], { assertion, extra: spoil });
      expect(first.status, JSON.stringify(first.json)).toBe(400);
      const events = await t.db.auditEvent.findMany({ where: { requestId: first.json.request_id } });
      expect(events.map((e) => e.type)).toEqual(["broker.request_refused"]);
      const before = await counts(t.db);
      const again = await agent.token([detail()], { assertion });
      await expectRefusal(t.db, before, again, { ...refused, describe: /replayed/ });
    }
  });

  it("so is the assertion of a poll answered authorization_pending", async () => {
    const { agent: a } = await ownedAgent(t.ctx());
    const step = await a.token([detail({ actions: ["refund"] })]);
    expect(step.json.error).toBe("step_up_required");
    const assertion = await clientAssertion(a.id, a.key);
    const form = { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: step.json.auth_req_id, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion };
    const pending = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, form);
    expect(pending.json.error).toBe("authorization_pending");
    const again = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, form);
    expect(again.status).toBe(401);
    expect(again.json.error_description).toMatch(/replayed/);
  });

  it("the same assertion sent twice at once: exactly one is accepted", async () => {
    const assertion = await clientAssertion(agent.id, agent.key);
    const before = await counts(t.db);
    const answers = await Promise.all([agent.token([detail()], { assertion }), agent.token([detail()], { assertion })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.status === 401)!.json.error_description).toMatch(/replayed/);
    expect((await counts(t.db)).credentials).toBe(before.credentials + 1);
  });

  it("a suspended agent", async () => {
    const { agent: a, owner } = await ownedAgent(t.ctx());
    await changeAgentStatus(t.ctx(), owner, a.id, "suspend", "client auth test");
    const before = await counts(t.db);
    await expectRefusal(t.db, before, await a.token([detail()]), { ...refused, describe: /suspended/ });
  });

  it("a decommissioned agent", async () => {
    const { agent: a, owner } = await ownedAgent(t.ctx());
    await changeAgentStatus(t.ctx(), owner, a.id, "decommission", "client auth test");
    const before = await counts(t.db);
    await expectRefusal(t.db, before, await a.token([detail()]), { ...refused, describe: /decommissioned/ });
  });

  it("no client_assertion at all", async () => {
    const before = await counts(t.db);
    const res = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, { grant_type: "client_credentials", client_id: agent.id, client_assertion_type: ASSERTION_TYPE, authorization_details: JSON.stringify([detail()]) });
    await expectRefusal(t.db, before, res, { ...refused, describe: /client authentication is required/ });
  });

  it("a client_assertion_type other than jwt-bearer", async () => {
    const before = await counts(t.db);
    const res = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, {
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
      client_assertion: await clientAssertion(agent.id, agent.key),
      authorization_details: JSON.stringify([detail()]),
    });
    await expectRefusal(t.db, before, res, { ...refused, describe: /client_assertion_type/ });
  });

  it("a client_id that is not the assertion's subject", async () => {
    const a = await withAssertion(await clientAssertion(agent.id, agent.key), { client_id: other.id });
    await expectRefusal(t.db, a.before, a.res, { ...refused, describe: /client_id does not match/ });
  });

  it("answers invalid_client with a WWW-Authenticate header", async () => {
    const a = await withAssertion(await clientAssertion(agent.id, agent.key, { aud: "https://elsewhere.example" }));
    expect(a.res.headers.get("www-authenticate")).toMatch(/invalid_client/);
  });
});

itLeavesAnIntactAuditChain(t);
