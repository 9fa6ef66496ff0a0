import { decodeProtectedHeader, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { actChainDepth, buildAccessTokenClaims, verifyAccessToken, type AccessTokenFailure, type AuthorizationDetail, type BuildAccessTokenInput } from "./access-token";
import { createSigner, generateSigningKey, type Signer, type SigningKey } from "./signing-key";

const NOW = new Date("2026-11-04T10:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const ISSUER = "https://mandate.example";
const BILLING = "https://billing.internal";
const detail: AuthorizationDetail = { type: "agent_task", locations: [BILLING], actions: ["read", "refund"], identifier: "invoices/2026-11", intent: "Refund duplicate charge for ticket 4411" };

const input = (over: Partial<BuildAccessTokenInput> = {}): BuildAccessTokenInput => ({
  issuer: ISSUER,
  subject: "agt_billing",
  audience: BILLING,
  jti: "jti-1",
  now: NOW,
  expiresInSeconds: 300,
  authorizationDetails: [detail],
  taskId: "task_1",
  clientId: "agt_billing",
  ...over,
});

let current: SigningKey, rotated: SigningKey, stranger: SigningKey;
let signer: Signer, strangerSigner: Signer;
let jwks: { keys: JWK[] };
beforeAll(async () => {
  [current, rotated, stranger] = await Promise.all([generateSigningKey(NOW), generateSigningKey(NOW), generateSigningKey(NOW)]);
  [signer, strangerSigner] = await Promise.all([createSigner(current), createSigner({ ...stranger, kid: current.kid })]);
  jwks = { keys: [rotated.publicJwk, current.publicJwk] };
});

const verify = (token: string, over: Partial<Parameters<typeof verifyAccessToken>[1]> = {}) =>
  verifyAccessToken(token, { now: NOW, issuer: ISSUER, audience: BILLING, keys: jwks, ...over });
const refused = async (token: string | Promise<string>, reason: AccessTokenFailure, over = {}) =>
  expect(await verify(await token, over)).toMatchObject({ ok: false, reason });

describe("buildAccessTokenClaims", () => {
  it("builds the RFC 9068 claims, without cnf or act for a plain bearer token", () => {
    expect(buildAccessTokenClaims(input())).toEqual({
      iss: ISSUER,
      sub: "agt_billing",
      aud: BILLING,
      exp: T + 300,
      iat: T,
      jti: "jti-1",
      client_id: "agt_billing",
      authorization_details: [detail],
      task_id: "task_1",
    });
  });

  it("adds cnf.jkt only when DPoP-bound, and the nested act chain when delegated", () => {
    const act = { sub: "agt_planner", act: { sub: "agt_root" } };
    const claims = buildAccessTokenClaims(input({ subject: "agt_sub", dpopJkt: "thumb", act, delegationDepth: 2 }));
    expect(claims.cnf).toEqual({ jkt: "thumb" });
    expect(claims.act).toEqual(act);
    expect(actChainDepth(claims.act)).toBe(2);
    expect("nbf" in claims).toBe(false);
  });

  it("refuses to build a token broader or longer than intended", () => {
    expect(() => buildAccessTokenClaims(input({ audience: "https://ledger.internal" }))).toThrow(/audience/);
    expect(() => buildAccessTokenClaims(input({ expiresInSeconds: 0 }))).toThrow(/positive/);
    expect(() => buildAccessTokenClaims(input({ authorizationDetails: [] }))).toThrow(/at least one/);
    expect(() => buildAccessTokenClaims(input({ act: { sub: "agt_root" }, delegationDepth: 2 }))).toThrow(/act chain/);
  });
});

describe("verifyAccessToken", () => {
  it("accepts a token Mandate signed, with a rotated key still in the set", async () => {
    const claims = buildAccessTokenClaims(input({ dpopJkt: "thumb", act: { sub: "agt_root" } }));
    const token = await signer.sign(claims);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "EdDSA", typ: "at+jwt", kid: current.kid });
    expect(await verify(token)).toEqual({ ok: true, claims });
    expect(await verify(token, { audience: undefined })).toMatchObject({ ok: true });
  });

  it("refuses a token for another audience", async () => {
    await refused(signer.sign(buildAccessTokenClaims(input())), "wrong_audience", { audience: "https://ledger.internal" });
  });

  it("refuses another issuer's token", async () => {
    await refused(signer.sign(buildAccessTokenClaims(input({ issuer: "https://other.example" }))), "wrong_issuer");
  });

  it("refuses an expired token, at exp exactly", async () => {
    const token = await signer.sign(buildAccessTokenClaims(input({ now: new Date(NOW.getTime() - 300_000) })));
    await refused(token, "expired");
  });

  it("refuses a tampered token", async () => {
    const token = await signer.sign(buildAccessTokenClaims(input()));
    const [h, , s] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...buildAccessTokenClaims(input()), authorization_details: [{ ...detail, actions: ["*"] }] })).toString("base64url");
    await refused(`${h}.${forged}.${s}`, "signature_invalid");
  });

  it("refuses a token signed by a key that is not Mandate's, even under a known kid", async () => {
    await refused(strangerSigner.sign(buildAccessTokenClaims(input())), "signature_invalid");
    const unknownKid = await (await createSigner(stranger)).sign(buildAccessTokenClaims(input()));
    await refused(unknownKid, "unknown_key");
  });

  it("refuses a wrong typ and a token without Mandate's claims", async () => {
    await refused(signer.sign(buildAccessTokenClaims(input()), { typ: "JWT" }), "wrong_typ");
    await refused(signer.sign({ iss: ISSUER, sub: "x", aud: BILLING, iat: T, exp: T + 60, jti: "j" }), "invalid_claims");
    await refused("not.a.jwt", "malformed");
  });
});
