import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyClientAssertion, type AssertionFailure } from "./client-assertion";

const NOW = new Date("2026-11-04T10:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const AUD = "https://mandate.example/api/oauth/token";
const ISSUER = "https://mandate.example";
const AGENT = "agt_billing";
const OTHER = "agt_other";

type Pair = { privateKey: CryptoKey; publicJwk: JWK };
async function keyPair(alg: "EdDSA" | "ES256", kid: string): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

let ed: Pair, ec: Pair, other: Pair, attacker: Pair;
beforeAll(async () => {
  [ed, ec, other, attacker] = await Promise.all([keyPair("EdDSA", "ed-1"), keyPair("ES256", "ec-1"), keyPair("EdDSA", "other-1"), keyPair("EdDSA", "ed-1")]);
});

const registry = () => new Map([[AGENT, { keys: [ed.publicJwk, ec.publicJwk] }], [OTHER, { keys: [other.publicJwk] }]]);
const opts = (over: Partial<Parameters<typeof verifyClientAssertion>[1]> = {}) => ({
  now: NOW,
  audiences: [AUD, ISSUER],
  resolveKeys: async (id: string) => registry().get(id) ?? null,
  ...over,
});

const claims = (over: JWTPayload = {}): JWTPayload => ({ iss: AGENT, sub: AGENT, aud: AUD, iat: T, exp: T + 120, jti: "jti-1", ...over });
function sign(pair: Pair, payload: JWTPayload, header: Record<string, unknown> = {}) {
  const alg = pair.publicJwk.alg as string;
  return new SignJWT(payload).setProtectedHeader({ alg, kid: pair.publicJwk.kid, ...header }).sign(pair.privateKey);
}
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

async function expectRefused(assertion: string, reason: AssertionFailure, o = opts()) {
  const r = await verifyClientAssertion(assertion, o);
  expect(r).toMatchObject({ ok: false, reason });
  if (!r.ok) expect(r.description).not.toContain(assertion.split(".")[2] || "\u0000");
  return r;
}

describe("verifyClientAssertion", () => {
  it("accepts a valid EdDSA assertion", async () => {
    const r = await verifyClientAssertion(await sign(ed, claims()), opts());
    expect(r).toEqual({ ok: true, clientId: AGENT, jti: "jti-1", exp: T + 120, iat: T, kid: "ed-1" });
  });

  it("accepts a valid ES256 assertion whose aud is an array holding the issuer", async () => {
    const r = await verifyClientAssertion(await sign(ec, claims({ aud: ["https://elsewhere", ISSUER] })), opts());
    expect(r).toMatchObject({ ok: true, clientId: AGENT, kid: "ec-1" });
  });

  it("tries the agent's keys of the right alg when the assertion has no kid", async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "ES256" }).sign(ec.privateKey);
    expect(await verifyClientAssertion(token, opts())).toMatchObject({ ok: true, kid: "ec-1" });
  });

  it("accepts an assertion within the clock skew of expiry", async () => {
    expect(await verifyClientAssertion(await sign(ed, claims({ exp: T - 10 })), opts())).toMatchObject({ ok: true });
  });

  it("refuses what is not a JWT", async () => {
    await expectRefused("not-a-jwt", "malformed");
    await expectRefused(`${b64({ alg: "EdDSA" })}.bm90IGpzb24.c2ln`, "malformed");
    await expectRefused(await sign(ed, claims(), { kid: 7 }), "malformed");
  });

  it('refuses alg "none" (an unsigned token crafted by hand)', async () => {
    await expectRefused(`${b64({ alg: "none" })}.${b64(claims())}.`, "alg_none");
  });

  it("refuses HS256, whatever secret it was signed with, before any key lookup", async () => {
    let looked = false;
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("x".repeat(32)));
    const r = await expectRefused(token, "alg_not_allowed", opts({ resolveKeys: async () => ((looked = true), null) }));
    expect(looked).toBe(false);
    expect(!r.ok && r.description).toMatch(/HMAC/);
  });

  it("refuses any other algorithm (RS256)", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    await expectRefused(await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(privateKey), "alg_not_allowed");
  });

  it("refuses missing iss or sub, and iss ≠ sub", async () => {
    await expectRefused(await sign(ed, claims({ sub: undefined })), "missing_iss_or_sub");
    await expectRefused(await sign(ed, claims({ sub: OTHER })), "iss_sub_mismatch");
  });

  it("refuses an unknown client", async () => {
    await expectRefused(await sign(ed, claims({ iss: "agt_ghost", sub: "agt_ghost" })), "unknown_client");
  });

  it("refuses an unknown kid", async () => {
    await expectRefused(await sign(ed, claims(), { kid: "no-such-kid" }), "unknown_kid");
  });

  it("refuses a kid whose key is of another algorithm", async () => {
    await expectRefused(await sign(ed, claims(), { kid: "ec-1" }), "no_matching_key");
  });

  it("refuses an assertion signed with another agent's key", async () => {
    await expectRefused(await sign(other, claims(), { kid: "ed-1" }), "signature_invalid");
    const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: "EdDSA" }).sign(other.privateKey);
    await expectRefused(noKid, "signature_invalid");
  });

  it("ignores an embedded jwk header pointing at the attacker's key", async () => {
    // The attacker reuses the victim's kid and ships its own public key in the header.
    await expectRefused(await sign(attacker, claims(), { jwk: { ...attacker.publicJwk, kid: undefined } }), "signature_invalid");
    await expectRefused(await sign(attacker, claims(), { jku: "https://evil.example/jwks", x5u: "https://evil.example/cert" }), "signature_invalid");
  });

  it("refuses an expired assertion", async () => {
    await expectRefused(await sign(ed, claims({ iat: T - 400, exp: T - 60 })), "expired");
  });

  it("refuses an assertion without exp", async () => {
    await expectRefused(await sign(ed, claims({ exp: undefined })), "missing_exp");
  });

  it("refuses a far-future exp (now + 10 minutes)", async () => {
    await expectRefused(await sign(ed, claims({ exp: T + 600 })), "lifetime_too_long");
  });

  it("refuses an iat in the future beyond the skew", async () => {
    await expectRefused(await sign(ed, claims({ iat: T + 90 })), "issued_in_future");
  });

  it("refuses an nbf in the future", async () => {
    await expectRefused(await sign(ed, claims({ nbf: T + 90 })), "not_yet_valid");
  });

  it("refuses a wrong audience, as a string or an array", async () => {
    await expectRefused(await sign(ed, claims({ aud: "https://other.example/token" })), "wrong_audience");
    await expectRefused(await sign(ed, claims({ aud: ["https://a.example", "https://b.example"] })), "wrong_audience");
  });

  it("refuses a missing jti and one longer than 256 characters", async () => {
    await expectRefused(await sign(ed, claims({ jti: undefined })), "missing_jti");
    await expectRefused(await sign(ed, claims({ jti: "j".repeat(257) })), "jti_too_long");
  });
});
