import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { jwkThumbprint, validateAgentJwks, validatePublicJwks } from "./jwks";

const ed = () => generateKeyPairSync("ed25519");
const p256 = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const pub = (k: ReturnType<typeof ed>) => k.publicKey.export({ format: "jwk" }) as Record<string, unknown>;
const priv = (k: ReturnType<typeof ed>) => k.privateKey.export({ format: "jwk" }) as Record<string, unknown>;

describe("validatePublicJwks", () => {
  it("accepts public Ed25519 and P-256 keys, adds alg, use and a thumbprint kid", () => {
    const a = pub(ed());
    const b = pub(p256());
    const r = validatePublicJwks({ keys: [a, { ...b, kid: "ec-1" }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: jwkThumbprint(a as never) });
    expect(r.jwks.keys[1]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", kid: "ec-1" });
  });

  it("accepts JSON text and a bare JWK, and drops unknown members", () => {
    const r = validatePublicJwks(JSON.stringify({ ...pub(ed()), x5u: "https://evil.example/cert", extra: 1 }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.jwks.keys[0]).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
  });

  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
  const cases: [string, unknown, RegExp][] = [
    ["malformed JSON", '{"keys": [', /not valid JSON/],
    ["a private Ed25519 key", { keys: [priv(ed())] }, /private key material \("d"\)/],
    ["a private P-256 key", priv(p256()), /private key material/],
    ["a symmetric key", { keys: [{ kty: "oct", k: "c2VjcmV0" }] }, /symmetric key/],
    ["an RSA key", { keys: [rsa] }, /RSA key/],
    ["an empty set", { keys: [] }, /no keys/],
    ["keys that are not a list", { keys: {} }, /must be an array/],
    ["a non-object", [1, 2], /JSON object/],
    ["a wrong curve", { keys: [{ kty: "EC", crv: "P-384", x: "AA", y: "AA" }] }, /crv must be "P-256"/],
    ["a short x", { keys: [{ kty: "OKP", crv: "Ed25519", x: "AAAA" }] }, /32-byte/],
    ["an alg mismatch", { keys: [{ ...pub(ed()), alg: "ES256" }] }, /alg must be "EdDSA"/],
    ["an encryption key", { keys: [{ ...pub(ed()), use: "enc" }] }, /use must be "sig"/],
    ["a point off the curve", { keys: [{ kty: "EC", crv: "P-256", x: Buffer.alloc(32, 1).toString("base64url"), y: Buffer.alloc(32, 2).toString("base64url") }] }, /not a valid P-256 public key/],
    ["a kid with control characters", { keys: [{ ...pub(ed()), kid: "a\u202eb" }] }, /kid must be/],
    ["too many keys", { keys: Array.from({ length: 11 }, () => pub(ed())) }, /at most 10 keys/],
  ];
  it.each(cases)("refuses %s with a precise error", (_name, input, message) => {
    const r = validatePublicJwks(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("refuses the same key twice and duplicate kids", () => {
    const k = pub(ed());
    expect(validatePublicJwks({ keys: [k, { ...k, kid: "other" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/same key/) });
    expect(validatePublicJwks({ keys: [{ ...k, kid: "x" }, { ...pub(ed()), kid: "x" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/used by another key/) });
  });
});

describe("validateAgentJwks", () => {
  it("lets a federated agent register no key (missing, empty text, empty set, as JSON or text)", () => {
    for (const none of [undefined, null, "", "  ", { keys: [] }, '{"keys": []}']) {
      expect(validateAgentJwks(none, { federated: true }), JSON.stringify(none)).toEqual({ ok: true, jwks: { keys: [] } });
      expect(validateAgentJwks(none, { federated: false })).toMatchObject({ ok: false, error: expect.stringMatching(/federated subject/) });
    }
  });
  it("still validates keys that are given", () => {
    expect(validateAgentJwks({ keys: [{ kty: "oct", k: "c2VjcmV0" }] }, { federated: true })).toMatchObject({ ok: false, error: expect.stringMatching(/symmetric/) });
    expect(validateAgentJwks("{keys:", { federated: true })).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
  });
});
