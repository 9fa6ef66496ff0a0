// RFC 7662 introspection for resource servers: authenticated by their own key
// (private_key_jwt, their id as client id), and told only about tokens of
// their own audience — anything else is simply {active:false}.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, ISSUER, newKeyPair, postForm, TestResource, type TestAgent } from "@/tests/support/agent-client";
import * as introspectRoute from "@/app/api/oauth/introspect/route";
import { hashToken } from "@/lib/jose/digest";
import { forgetIntrospectionKeys } from "@/lib/services/broker/introspect-token";
import { counts, expectRefusal, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();
const INTROSPECT = `${ISSUER}/api/oauth/introspect`;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
let billing: TestResource;
let crm: TestResource;
let agent: TestAgent;
let crmToken: string;

beforeAll(async () => {
  const admin = await seedUser(t.ctx(), "ADMIN");
  billing = await testResource(t.ctx(), admin, "https://billing.internal");
  crm = await testResource(t.ctx(), admin, "https://crm.internal");
  ({ agent } = await ownedAgent(t.ctx(), { audiences: ["https://billing.internal", "https://crm.internal"] }));
  const res = await agent.token([detail({ locations: ["https://crm.internal"] })]);
  expect(res.status).toBe(200);
  crmToken = res.json.access_token;
});

const refused = { status: 401, error: "invalid_client", auditType: "broker.client_auth_failed" } as const;

describe("introspection", () => {
  it("answers the token's own audience with its details", async () => {
    const res = await crm.introspect(crmToken);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ active: true, iss: ISSUER, sub: agent.id, aud: "https://crm.internal", client_id: agent.id, token_type: "Bearer", authorization_details: [expect.objectContaining({ locations: ["https://crm.internal"] })] });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("says {active:false} to a resource of another audience", async () => {
    expect((await billing.introspect(crmToken)).json).toEqual({ active: false });
  });

  it("says {active:false} for a garbage or foreign-signed token", async () => {
    expect((await billing.introspect("garbage")).json).toEqual({ active: false });
    const [h, p] = crmToken.split(".");
    expect((await crm.introspect(`${h}.${p}.${"A".repeat(86)}`)).json).toEqual({ active: false });
    // An agent's own client assertion is a JWT too, but not an access token.
    expect((await crm.introspect(await clientAssertion(agent.id, agent.key))).json).toEqual({ active: false });
  });

  it("answers a request without a token as invalid_request (RFC 7662 §2.1: token is required)", async () => {
    const res = await billing.introspect("");
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_request");
  });

  it("recognises an issued token by the SHA-256 of its bytes; the token itself is stored nowhere", async () => {
    const row = await t.db.credential.findFirstOrThrow({ where: { tokenHash: hashToken(crmToken) } });
    expect(JSON.stringify(row)).not.toContain(crmToken);
    expect(JSON.stringify(row)).not.toContain(crmToken.split(".")[2]);
    // A token whose payload is altered but whose signature is kept neither matches the hash nor verifies.
    const [h, p, sig] = crmToken.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600 })).toString("base64url")}.${sig}`;
    expect((await crm.introspect(forged)).json).toEqual({ active: false });
  });

  it("still answers for a credential issued before token hashes were kept (full signature verification)", async () => {
    const res = await agent.token([detail({ locations: ["https://crm.internal"] })]);
    const token = res.json.access_token as string;
    await t.db.credential.update({ where: { tokenHash: hashToken(token) }, data: { tokenHash: null } });
    expect((await crm.introspect(token)).json).toMatchObject({ active: true, sub: agent.id });
    expect((await billing.introspect(token)).json).toEqual({ active: false });
  });

  it("says {active:false} once the token's signing key is no longer published", async () => {
    const res = await agent.token([detail({ locations: ["https://crm.internal"] })]);
    const token = res.json.access_token as string;
    expect((await crm.introspect(token)).json.active).toBe(true);
    const { kid } = await t.db.credential.findFirstOrThrow({ where: { tokenHash: hashToken(token) }, select: { kid: true } });
    const key = await t.db.signingKey.findUniqueOrThrow({ where: { kid } });
    try {
      await t.db.signingKey.update({ where: { kid }, data: { retiredAt: new Date(Date.now() - 60_000), publishUntil: new Date(Date.now() - 1000) } });
      forgetIntrospectionKeys();
      expect((await crm.introspect(token)).json).toEqual({ active: false });
    } finally {
      await t.db.signingKey.update({ where: { kid }, data: { retiredAt: key.retiredAt, publishUntil: key.publishUntil } });
      forgetIntrospectionKeys();
    }
  });

  it("refuses an unauthenticated caller (401 invalid_client)", async () => {
    const before = await counts(t.db);
    const res = await postForm(introspectRoute.POST, INTROSPECT, { token: crmToken });
    await expectRefusal(t.db, before, res, { ...refused, describe: /client authentication is required/ });
  });

  it("refuses an unknown resource id", async () => {
    const stranger = new TestResource("no-such-resource", await newKeyPair());
    const before = await counts(t.db);
    await expectRefusal(t.db, before, await stranger.introspect(crmToken), { ...refused, describe: /unknown_client/ });
  });

  // Regression: a claimed resource id with a lone surrogate reached the database query: 500 instead of 401.
  it("refuses a claimed resource id that is not well-formed text", async () => {
    const key = await newKeyPair();
    const broken = new TestResource(`${crm.id}\ud800`, key);
    const before = await counts(t.db);
    await expectRefusal(t.db, before, await broken.introspect(crmToken), { ...refused, describe: /unknown_client/ });
  });

  it("refuses a resource's id with a key it never registered", async () => {
    const impostor = new TestResource(crm.id, await newKeyPair());
    const before = await counts(t.db);
    await expectRefusal(t.db, before, await impostor.introspect(crmToken), refused);
  });

  it("refuses an agent: agents are not resource servers", async () => {
    const assertion = await clientAssertion(agent.id, agent.key, { aud: INTROSPECT });
    const before = await counts(t.db);
    const res = await postForm(introspectRoute.POST, INTROSPECT, { token: crmToken, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
    await expectRefusal(t.db, before, res, { ...refused, describe: /unknown_client/ });
  });
});

itLeavesAnIntactAuditChain(t);
