import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { accessTokenHash, dpopThumbprint, normaliseHtu, verifyDpopProof, type DpopFailure } from "./dpop";

const NOW = new Date("2026-11-04T10:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const URL_ = "https://mandate.example/api/oauth/token";
const TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhZ3QifQ.c2lnbmF0dXJl";

type Pair = { privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK };
async function keyPair(alg: "EdDSA" | "ES256"): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}
let ed: Pair, ec: Pair;
beforeAll(async () => {
  [ed, ec] = await Promise.all([keyPair("EdDSA"), keyPair("ES256")]);
});

const claims = (over: JWTPayload = {}): JWTPayload => ({ htm: "POST", htu: URL_, iat: T, jti: "proof-1", ...over });
function proof(payload: JWTPayload = claims(), header: Record<string, unknown> = {}, pair = ed) {
  const alg = pair === ec ? "ES256" : "EdDSA";
  return new SignJWT(payload).setProtectedHeader({ alg, typ: "dpop+jwt", jwk: pair.publicJwk, ...header }).sign(pair.privateKey);
}
const opts = (over: Partial<Parameters<typeof verifyDpopProof>[1]> = {}) => ({ now: NOW, method: "POST", url: URL_, ...over });

async function expectRefused(p: string | Promise<string>, reason: DpopFailure, o = opts()) {
  expect(await verifyDpopProof(await p, o)).toMatchObject({ ok: false, reason });
}

describe("verifyDpopProof", () => {
  it("accepts a valid proof and returns the key's RFC 7638 thumbprint", async () => {
    const r = await verifyDpopProof(await proof(), opts());
    expect(r).toEqual({ ok: true, jkt: await calculateJwkThumbprint(ed.publicJwk), jti: "proof-1", iat: T });
  });

  it("accepts an ES256 proof", async () => {
    expect(await verifyDpopProof(await proof(claims(), {}, ec), opts())).toMatchObject({ ok: true });
  });

  it("refuses a wrong htm, and compares it case-sensitively", async () => {
    await expectRefused(proof(claims({ htm: "GET" })), "wrong_htm");
    await expectRefused(proof(claims({ htm: "post" })), "wrong_htm");
  });

  it("refuses a wrong htu", async () => {
    await expectRefused(proof(claims({ htu: "https://mandate.example/api/oauth/introspect" })), "wrong_htu");
    await expectRefused(proof(claims({ htu: "https://evil.example/api/oauth/token" })), "wrong_htu");
    await expectRefused(proof(claims({ htu: "http://mandate.example/api/oauth/token" })), "wrong_htu");
  });

  it("ignores query and fragment, host case and the default port on both sides", async () => {
    const p = await proof(claims({ htu: "https://MANDATE.example:443/api/oauth/token?x=1#f" }));
    expect(await verifyDpopProof(p, opts({ url: "https://mandate.example/api/oauth/token?grant_type=y" }))).toMatchObject({ ok: true });
    expect(normaliseHtu("HTTPS://Mandate.Example:443/a/./b?q#f")).toBe("https://mandate.example/a/b");
    expect(normaliseHtu("ftp://mandate.example/x")).toBeNull();
  });

  it("refuses a stale iat and a future iat, within the skew both ways", async () => {
    await expectRefused(proof(claims({ iat: T - 66 })), "stale_iat");
    await expectRefused(proof(claims({ iat: T + 6 })), "future_iat");
    expect(await verifyDpopProof(await proof(claims({ iat: T - 65 })), opts())).toMatchObject({ ok: true });
    expect(await verifyDpopProof(await proof(claims({ iat: T + 5 })), opts())).toMatchObject({ ok: true });
    await expectRefused(proof(claims({ iat: undefined })), "missing_iat");
  });

  it("refuses a private key in the header", async () => {
    await expectRefused(proof(claims(), { jwk: ed.privateJwk }), "private_key_in_header");
  });

  it("refuses a proof without an embedded key, or with a key of the wrong type", async () => {
    await expectRefused(proof(claims(), { jwk: undefined }), "missing_jwk");
    await expectRefused(proof(claims(), { jwk: ec.publicJwk }), "jwk_alg_mismatch");
  });

  it("refuses a proof whose embedded key did not sign it", async () => {
    await expectRefused(proof(claims(), { jwk: (await keyPair("EdDSA")).publicJwk }), "signature_invalid");
  });

  it("refuses a missing jti and an overlong one", async () => {
    await expectRefused(proof(claims({ jti: undefined })), "missing_jti");
    await expectRefused(proof(claims({ jti: "j".repeat(257) })), "jti_too_long");
  });

  it("refuses a wrong typ, and alg none or HMAC", async () => {
    await expectRefused(proof(claims(), { typ: "JWT" }), "wrong_typ");
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    await expectRefused(`${b64({ alg: "none", typ: "dpop+jwt", jwk: ed.publicJwk })}.${b64(claims())}.`, "alg_not_allowed");
    const hs = new SignJWT(claims()).setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: ed.publicJwk }).sign(new Uint8Array(32));
    await expectRefused(hs, "alg_not_allowed");
  });

  it("checks ath against the access token: mismatch, missing and match", async () => {
    const withToken = opts({ accessToken: TOKEN });
    await expectRefused(proof(claims({ ath: accessTokenHash("another-token") })), "ath_mismatch", withToken);
    await expectRefused(proof(claims()), "missing_ath", withToken);
    expect(await verifyDpopProof(await proof(claims({ ath: accessTokenHash(TOKEN) })), withToken)).toMatchObject({ ok: true });
  });

  it("computes ath as base64url(SHA-256) of the token (RFC 9449 §7.1 example)", () => {
    expect(accessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")).toBe("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  });

  it("checks a server nonce when one is demanded", async () => {
    await expectRefused(proof(claims()), "nonce_mismatch", opts({ nonce: "n-1" }));
    expect(await verifyDpopProof(await proof(claims({ nonce: "n-1" })), opts({ nonce: "n-1" }))).toMatchObject({ ok: true });
  });

  it("has a stable thumbprint that ignores member order and non-required members", async () => {
    const a = await dpopThumbprint(ed.publicJwk);
    const reordered = { x: ed.publicJwk.x, kty: "OKP", crv: "Ed25519", kid: "whatever", use: "sig" } as JWK;
    expect(await dpopThumbprint(reordered)).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // RFC 8037 appendix A.3: the thumbprint of the example Ed25519 key.
    expect(await dpopThumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" })).toBe("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  });

  it("is remembered per key, never confusing two keys that share a member", async () => {
    const first = await dpopThumbprint(ec.publicJwk);
    expect(await dpopThumbprint(ec.publicJwk)).toBe(first);
    expect(first).toBe(await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: ec.publicJwk.x, y: ec.publicJwk.y }, "sha256"));
    // Same x, another y: another key, so another thumbprint (a cache keyed on x alone would answer `first`).
    const otherY = { ...ec.publicJwk, y: ed.publicJwk.x };
    const second = await dpopThumbprint(otherY);
    expect(second).not.toBe(first);
    expect(second).toBe(await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: ec.publicJwk.x, y: ed.publicJwk.x }, "sha256"));
    // Same x, another curve.
    expect(await dpopThumbprint({ kty: "OKP", crv: "Ed448", x: ed.publicJwk.x })).not.toBe(await dpopThumbprint(ed.publicJwk));
  });
});
