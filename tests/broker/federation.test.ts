// Workload identity federation at the token endpoint: an agent with no key of
// its own authenticates with its platform's token. Issuers are played by the
// test: an OIDC issuer over node:http on 127.0.0.1 (discovery + JWKS), a
// static JWKS and a SPIFFE trust domain's bundle. Every refusal is 401
// invalid_client with one broker.client_auth_failed event naming the reason,
// and writes no credential, decision, task or step-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { agentInput, seedUser } from "@/tests/support/factories";
import { detail, postForm, TOKEN_ENDPOINT } from "@/tests/support/agent-client";
import { jwksOf, newIssuerKey, platformToken, startOidcIssuer, type IssuerKey, type OidcIssuer } from "@/tests/support/platform-issuer";
import { registerAgent } from "@/lib/services/register-agent";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";
import { createTrustConfiguration } from "@/lib/services/trust/create-trust-configuration";
import { authenticateAgent } from "@/lib/services/broker/authenticate-client";
import { forgetIssuerKeysForTests } from "@/lib/services/trust/issuer-keys";
import { resetEnvForTests } from "@/lib/env";
import type { Actor } from "@/lib/services/context";
import type { TFederatedSubject } from "@/lib/schemas/trust";
import * as tokenRoute from "@/app/api/oauth/token/route";
import { counts, expectRefusal, eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();
const refused = { status: 401, error: "invalid_client", auditType: "broker.client_auth_failed" } as const;
const AUD = "https://mandate.example.test";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let owner: Actor;
let admin: Actor;
let oidc: OidcIssuer;
let oidcKey: IssuerKey;
let staticKey: IssuerKey;
let spiffeKey: IssuerKey;
const trust: Record<"oidc" | "static" | "spiffe" | "down", string> = { oidc: "", static: "", spiffe: "", down: "" };
const agents: Record<"ci" | "k8s" | "spiffe" | "deployer", string> = { ci: "", k8s: "", spiffe: "", deployer: "" };
const STATIC_ISSUER = "https://kubernetes.default.svc.cluster.local";
let downIssuer: OidcIssuer;

async function federatedAgent(subjects: TFederatedSubject[], o: { audiences?: string[]; actions?: string[] } = {}) {
  const view = await registerAgent(
    t.ctx(),
    owner,
    agentInput({ jwks: undefined, federatedSubjects: subjects, ceiling: { audiences: o.audiences ?? ["https://billing.internal"], actions: o.actions ?? ["read", "refund"], maxTtlSeconds: 600 } }),
  );
  await acknowledgeOwnership(t.ctx(), owner, view.id);
  return view.id;
}

async function tokenWith(assertion: string, d = detail(), extra: Record<string, string> = {}) {
  return postForm(tokenRoute.POST, TOKEN_ENDPOINT, {
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
    authorization_details: JSON.stringify([d]),
    ...extra,
  });
}

const github = (claims: Record<string, unknown> = {}) => ({
  iss: oidc.issuer,
  aud: AUD,
  sub: "repo:acme/app:ref:refs/heads/main",
  repository: "acme/app",
  ref: "refs/heads/main",
  run_id: "4411",
  ...claims,
});

/** A refusal with its reason in the evidence. */
async function expectFederatedRefusal(assertion: string, reason: string, evidence: Record<string, unknown> = {}) {
  const before = await counts(t.db);
  const res = await tokenWith(assertion);
  await expectRefusal(t.db, before, res, { ...refused, describe: new RegExp(`federated token refused \\(${reason}\\)`) });
  const [event] = await eventsOfType(t.db, "broker.client_auth_failed", { requestId: res.json.request_id });
  expect(event.data).toMatchObject({ federated: true, reason, ...evidence });
  return { res, event };
}

beforeAll(async () => {
  process.env.MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS = "0";
  process.env.MANDATE_FEDERATION_FETCH_TIMEOUT_MS = "2000";
  resetEnvForTests();
  forgetIssuerKeysForTests();
  owner = await seedUser(t.ctx(), "OWNER");
  admin = await seedUser(t.ctx(), "ADMIN");
  [oidcKey, staticKey, spiffeKey] = await Promise.all([newIssuerKey("RS256"), newIssuerKey("ES256"), newIssuerKey("EdDSA")]);
  oidc = await startOidcIssuer(oidcKey);
  downIssuer = await startOidcIssuer(oidcKey);
  downIssuer.down();

  const mk = (input: Parameters<typeof createTrustConfiguration>[2]) => createTrustConfiguration(t.ctx(), admin, input);
  trust.oidc = (await mk({ name: "GitHub Actions (test)", kind: "OIDC", issuer: oidc.issuer, audiences: [AUD], clockSkewSeconds: 30, instanceClaim: "run_id" })).id;
  trust.static = (await mk({ name: "Cluster (static)", kind: "STATIC_JWKS", issuer: STATIC_ISSUER, jwks: jwksOf(staticKey), audiences: [AUD], clockSkewSeconds: 0, instanceClaim: "kubernetes.io.pod.uid" })).id;
  trust.spiffe = (await mk({ name: "SPIFFE example.org", kind: "SPIFFE", issuer: "spiffe://example.org", jwks: jwksOf(spiffeKey), audiences: [AUD], clockSkewSeconds: 60 })).id;
  trust.down = (await mk({ name: "Unreachable issuer", kind: "OIDC", issuer: downIssuer.issuer, audiences: [AUD], clockSkewSeconds: 60 })).id;

  agents.ci = await federatedAgent([{ trustConfigurationId: trust.oidc, subject: "repo:acme/app:*", requiredClaims: { repository: "acme/app" } }]);
  agents.k8s = await federatedAgent([{ trustConfigurationId: trust.static, subject: "system:serviceaccount:billing:*", requiredClaims: { "kubernetes.io.namespace": "billing" } }]);
  agents.spiffe = await federatedAgent([{ trustConfigurationId: trust.spiffe, subject: "spiffe://example.org/ns/prod/sa/billing", requiredClaims: {} }]);
  agents.deployer = await federatedAgent([{ trustConfigurationId: trust.oidc, subject: "repo:acme/deploy:*", requiredClaims: {} }], { audiences: ["https://deploy.internal"], actions: ["deploy", "read"] });
  // Two agents whose bindings overlap on one subject: tokens for it are ambiguous.
  await federatedAgent([{ trustConfigurationId: trust.static, subject: "system:serviceaccount:shared:*", requiredClaims: {} }]);
  await federatedAgent([{ trustConfigurationId: trust.static, subject: "system:serviceaccount:shared:runner", requiredClaims: {} }]);
  await federatedAgent([{ trustConfigurationId: trust.down, subject: "repo:acme/app:*", requiredClaims: {} }]);
});

afterAll(async () => {
  delete process.env.MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS;
  delete process.env.MANDATE_FEDERATION_FETCH_TIMEOUT_MS;
  resetEnvForTests();
  await Promise.all([oidc?.close(), downIssuer?.close()]);
});

describe("valid platform tokens map to the right agent and get a credential", () => {
  it("an OIDC issuer (discovery + JWKS over http on 127.0.0.1): a CI job's token", async () => {
    const res = await tokenWith(await platformToken(oidcKey, github()));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const credential = await t.db.credential.findFirstOrThrow({ where: { decisionId: res.json.decision_id }, select: { agentId: true } });
    expect(credential.agentId).toBe(agents.ci);
    // The verified platform claims are in the decision's input snapshot, as context.workload.
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id }, select: { input: true } });
    expect(JSON.parse(decision.input).request.context.workload).toEqual({
      trustConfigurationId: trust.oidc,
      issuer: oidc.issuer,
      subject: "repo:acme/app:ref:refs/heads/main",
      claims: expect.objectContaining({ repository: "acme/app", ref: "refs/heads/main", run_id: "4411", aud: AUD }),
    });
    expect(oidc.hits["/.well-known/openid-configuration"]).toBe(1);
  });

  it("a static JWKS: a Kubernetes service-account token (nested claims, client_id matching)", async () => {
    const token = await platformToken(staticKey, {
      iss: STATIC_ISSUER,
      aud: [AUD, "https://kubernetes.default.svc"],
      sub: "system:serviceaccount:billing:reconciler",
      "kubernetes.io": { namespace: "billing", serviceaccount: { name: "reconciler" }, pod: { name: "reconciler-7f9", uid: "pod-uid-1" } },
    });
    const res = await tokenWith(token, detail(), { client_id: agents.k8s });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((await t.db.credential.findFirstOrThrow({ where: { decisionId: res.json.decision_id } })).agentId).toBe(agents.k8s);
  });

  it("a SPIFFE bundle: a JWT-SVID (no iss, no jti) — accepted again until it expires", async () => {
    const svid = await platformToken(spiffeKey, { aud: AUD, sub: "spiffe://example.org/ns/prod/sa/billing", jti: undefined });
    for (let i = 0; i < 2; i++) {
      const res = await tokenWith(svid);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect((await t.db.credential.findFirstOrThrow({ where: { decisionId: res.json.decision_id } })).agentId).toBe(agents.spiffe);
    }
  });

  it("the authenticated client carries the instance id from the trust configuration's instance claim", async () => {
    const form = (assertion: string) => new Map([["client_assertion_type", ASSERTION_TYPE], ["client_assertion", assertion]]);
    const ci = await authenticateAgent(t.ctx(), form(await platformToken(oidcKey, github())));
    expect(ci).toMatchObject({ id: agents.ci, instanceId: "4411", workload: { subject: "repo:acme/app:ref:refs/heads/main" } });
    const k8s = await authenticateAgent(
      t.ctx(),
      form(await platformToken(staticKey, { iss: STATIC_ISSUER, aud: AUD, sub: "system:serviceaccount:billing:x", "kubernetes.io": { namespace: "billing", pod: { uid: "pod-uid-9" } } })),
    );
    expect(k8s.instanceId).toBe("pod-uid-9");
    const spiffe = await authenticateAgent(t.ctx(), form(await platformToken(spiffeKey, { aud: AUD, sub: "spiffe://example.org/ns/prod/sa/billing" })));
    expect(spiffe.instanceId).toBeNull();
  });

  it("binds the credential to that instance, so a restart signal for it can find it", async () => {
    const res = await tokenWith(await platformToken(oidcKey, github({ run_id: "5512" })));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(await t.db.credential.findFirstOrThrow({ where: { decisionId: res.json.decision_id }, select: { agentId: true, instanceId: true } })).toEqual({ agentId: agents.ci, instanceId: "5512" });
  });
});

describe("Cedar sees context.workload", () => {
  it("the shipped rule lets a CI workload deploy from main and refuses another ref", async () => {
    const deploy = detail({ locations: ["https://deploy.internal"], actions: ["deploy"], intent: "Deploy release" });
    const main = await tokenWith(await platformToken(oidcKey, github({ sub: "repo:acme/deploy:ref:refs/heads/main", repository: "acme/deploy" })), deploy);
    expect(main.status, JSON.stringify(main.json)).toBe(200);
    const feature = await tokenWith(await platformToken(oidcKey, github({ sub: "repo:acme/deploy:ref:refs/heads/feature", repository: "acme/deploy", ref: "refs/heads/feature" })), deploy);
    expect(feature.status).toBe(400);
    expect(feature.json).toMatchObject({ error: "access_denied", error_description: expect.stringMatching(/main branch/) });
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: feature.json.decision_id }, select: { reasons: true, agentId: true } });
    expect(decision.agentId).toBe(agents.deployer);
    expect(decision.reasons).toContain("federated-deploy-from-main");
  });
});

describe("refusals: invalid_client, audited with the reason", () => {
  it("a replayed platform token (same jti)", async () => {
    const token = await platformToken(oidcKey, github());
    expect((await tokenWith(token)).status).toBe(200);
    const before = await counts(t.db);
    const res = await tokenWith(token);
    await expectRefusal(t.db, before, res, { ...refused, describe: /replayed/ });
  });

  it("an issuer no trust configuration names (wrong issuer)", async () => {
    await expectFederatedRefusal(await platformToken(oidcKey, github({ iss: "https://attacker.example" })), "unknown_issuer", { issuer: "https://attacker.example" });
  });

  it("a token of one configured issuer claiming to be another (signed with the wrong keys)", async () => {
    await expectFederatedRefusal(await platformToken(staticKey, github()), "unknown_kid", { trustConfigurationId: trust.oidc });
    const stranger = await newIssuerKey("RS256");
    await expectFederatedRefusal(await platformToken(stranger, github(), { kid: null }), "signature_invalid", { trustConfigurationId: trust.oidc });
  });

  it("a SPIFFE ID outside the configured trust domain", async () => {
    await expectFederatedRefusal(await platformToken(spiffeKey, { aud: AUD, sub: "spiffe://evil.org/ns/prod/sa/billing" }), "unknown_issuer");
  });

  it("a wrong audience", async () => {
    await expectFederatedRefusal(await platformToken(oidcKey, github({ aud: "https://someone-else.example" })), "wrong_audience", { trustConfigurationId: trust.oidc });
  });

  it("an expired token, and one not yet valid (beyond the configured skew)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectFederatedRefusal(await platformToken(oidcKey, github({ iat: now - 600, exp: now - 60 })), "expired");
    // Within the 30 s skew an expired token still passes…
    expect((await tokenWith(await platformToken(oidcKey, github({ iat: now - 600, exp: now - 10 })))).status).toBe(200);
    // …but the static configuration allows no skew at all.
    await expectFederatedRefusal(
      await platformToken(staticKey, { iss: STATIC_ISSUER, aud: AUD, sub: "system:serviceaccount:billing:x", "kubernetes.io": { namespace: "billing" }, iat: now - 600, exp: now - 2 }),
      "expired",
    );
    await expectFederatedRefusal(await platformToken(oidcKey, github({ nbf: now + 120 })), "not_yet_valid");
    await expectFederatedRefusal(await platformToken(oidcKey, github({ exp: undefined })), "missing_exp");
  });

  it("a missing or different required claim (the evidence names it; the client is told nothing about agents)", async () => {
    const missing = await expectFederatedRefusal(await platformToken(oidcKey, github({ repository: undefined })), "unmapped", { claim: "repository", claimProblem: "missing" });
    expect(missing.res.json.error_description).not.toContain(agents.ci);
    await expectFederatedRefusal(await platformToken(oidcKey, github({ repository: "acme/fork" })), "unmapped", { claim: "repository", claimProblem: "mismatch" });
    await expectFederatedRefusal(
      await platformToken(staticKey, { iss: STATIC_ISSUER, aud: AUD, sub: "system:serviceaccount:billing:x", "kubernetes.io": { namespace: "default" } }),
      "unmapped",
      { claim: "kubernetes.io.namespace", claimProblem: "mismatch" },
    );
  });

  it("a subject no agent is bound to", async () => {
    const { res, event } = await expectFederatedRefusal(await platformToken(oidcKey, github({ sub: "repo:acme/other:ref:refs/heads/main" })), "unmapped", { subject: "repo:acme/other:ref:refs/heads/main" });
    expect(event.data.claim).toBeUndefined();
    expect(res.json.error_description).toBe("federated token refused (unmapped): no agent is bound to this subject with these claims");
  });

  it("an ambiguous mapping (bindings of two agents match)", async () => {
    const { res, event } = await expectFederatedRefusal(await platformToken(staticKey, { iss: STATIC_ISSUER, aud: AUD, sub: "system:serviceaccount:shared:runner" }), "ambiguous");
    expect(event.data.candidateAgentIds).toHaveLength(2);
    for (const id of event.data.candidateAgentIds) expect(res.json.error_description).not.toContain(id);
  });

  it("an unreachable JWKS fails closed", async () => {
    await expectFederatedRefusal(await platformToken(oidcKey, github({ iss: downIssuer.issuer })), "jwks_unavailable", { trustConfigurationId: trust.down });
    expect(downIssuer.hits["/.well-known/openid-configuration"]).toBeGreaterThanOrEqual(1);
  });

  it("a discovery document that names another issuer fails closed", async () => {
    // The same server under another spelling: its document says 127.0.0.1, the configuration says localhost.
    const alias = oidc.issuer.replace("127.0.0.1", "localhost");
    const aliasTrust = await createTrustConfiguration(t.ctx(), admin, { name: "Alias", kind: "OIDC", issuer: alias, audiences: [AUD], clockSkewSeconds: 30 });
    const { res } = await expectFederatedRefusal(await platformToken(oidcKey, github({ iss: alias })), "jwks_unavailable", { trustConfigurationId: aliasTrust.id });
    expect(res.json.error_description).toMatch(/names issuer/);
  });

  it("an issuer that goes down after its keys were cached: refused once the cache is stale, served again when it is back", async () => {
    // The OIDC set is cached (first test); an unknown kid forces a fetch, which fails: refused, and the set is forgotten.
    oidc.down();
    const rotated = await newIssuerKey("ES256");
    await expectFederatedRefusal(await platformToken(rotated, github()), "jwks_unavailable");
    await expectFederatedRefusal(await platformToken(oidcKey, github()), "jwks_unavailable");
    oidc.up();
    expect((await tokenWith(await platformToken(oidcKey, github()))).status).toBe(200);
  });

  it("text that is not valid Unicode (a lone surrogate) in the issuer or a nested claim, and absurd nesting", async () => {
    await expectFederatedRefusal(await platformToken(oidcKey, github({ iss: "https://attacker.example/\ud800" })), "malformed");
    await expectFederatedRefusal(await platformToken(oidcKey, github({ sub: "repo:acme/app:\udfff" })), "malformed");
    await expectFederatedRefusal(await platformToken(oidcKey, github({ "kubernetes.io": { pod: { name: "x\ud83d" } } })), "malformed");
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = { d: deep };
    await expectFederatedRefusal(await platformToken(oidcKey, github({ deep })), "malformed");
  });

  it("HMAC and unsigned tokens", async () => {
    const hs = await new SignJWT(github()).setProtectedHeader({ alg: "HS256", kid: oidcKey.kid }).setIssuedAt().setExpirationTime("5m").setJti(randomUUID()).sign(new TextEncoder().encode("a shared secret"));
    await expectFederatedRefusal(hs, "alg_not_allowed");
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    await expectFederatedRefusal(`${b64({ alg: "none", typ: "JWT" })}.${b64({ ...github(), iat: now, exp: now + 60, jti: randomUUID() })}.`, "alg_none");
  });

  it("a client_id other than the agent the token maps to", async () => {
    const before = await counts(t.db);
    const res = await tokenWith(await platformToken(oidcKey, github()), detail(), { client_id: agents.k8s });
    await expectRefusal(t.db, before, res, { ...refused, describe: /client_id_mismatch/ });
  });
});

describe("key rotation", () => {
  it("picks up a new kid by fetching the key set again", async () => {
    const next = await newIssuerKey("EdDSA");
    oidc.publish(oidcKey, next);
    const fetchesBefore = oidc.hits["/jwks"] ?? 0;
    const res = await tokenWith(await platformToken(next, github()));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(oidc.hits["/jwks"]).toBe(fetchesBefore + 1);
    // The retired key stops working once the issuer no longer publishes it and the set is fetched again.
    oidc.publish(next);
    const again = await newIssuerKey("RS256");
    await expectFederatedRefusal(await platformToken(again, github()), "unknown_kid");
    await expectFederatedRefusal(await platformToken(oidcKey, github()), "unknown_kid");
  });

  it("fetches at most once per cooldown however many unknown kids arrive", async () => {
    process.env.MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS = "30";
    resetEnvForTests();
    try {
      const next = await newIssuerKey("EdDSA");
      oidc.publish(next);
      // The first unknown kid after a fetch within the cooldown: no fetch yet.
      const fetchesBefore = oidc.hits["/jwks"] ?? 0;
      for (let i = 0; i < 3; i++) {
        const stranger = await newIssuerKey("RS256");
        await expectFederatedRefusal(await platformToken(stranger, github()), "unknown_kid");
      }
      expect(oidc.hits["/jwks"] ?? 0).toBe(fetchesBefore);
    } finally {
      process.env.MANDATE_FEDERATION_JWKS_COOLDOWN_SECONDS = "0";
      resetEnvForTests();
    }
  });
});

itLeavesAnIntactAuditChain(t);
