import { randomBytes } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createSigner, decryptPrivateKey, encryptPrivateKey, generateSigningKey, type SigningKey } from "./signing-key";

const NOW = new Date("2026-11-04T10:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const wrap = randomBytes(32);

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey(NOW);
});

describe("generateSigningKey", () => {
  it("makes an Ed25519 key whose kid is its RFC 7638 thumbprint, with no private member in the public half", async () => {
    expect(key).toMatchObject({ alg: "EdDSA", createdAt: NOW });
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk));
    expect(key.publicJwk).toEqual({ kty: "OKP", crv: "Ed25519", x: expect.any(String), kid: key.kid, alg: "EdDSA", use: "sig" });
    expect(typeof key.privateJwk.d).toBe("string");
  });
});

describe("encryptPrivateKey / decryptPrivateKey", () => {
  it("round-trips, in the v1 compact format, with a fresh IV each time", () => {
    const blob = encryptPrivateKey(key.privateJwk, wrap, key.kid);
    expect(blob).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(blob).not.toContain(key.privateJwk.d);
    expect(encryptPrivateKey(key.privateJwk, wrap, key.kid)).not.toBe(blob);
    expect(decryptPrivateKey(blob, wrap, key.kid)).toEqual(key.privateJwk);
  });

  const refusals: [string, () => string, Buffer | null, string | null][] = [
    ["a wrong wrapping key", () => encryptPrivateKey(key.privateJwk, wrap, key.kid), randomBytes(32), null],
    ["a wrong kid", () => encryptPrivateKey(key.privateJwk, wrap, key.kid), null, "another-kid"],
    [
      "a tampered ciphertext",
      () => {
        const [v, iv, body, tag] = encryptPrivateKey(key.privateJwk, wrap, key.kid).split(".");
        const bytes = Buffer.from(body, "base64url");
        bytes[3] ^= 1;
        return [v, iv, bytes.toString("base64url"), tag].join(".");
      },
      null,
      null,
    ],
    ["a truncated tag", () => encryptPrivateKey(key.privateJwk, wrap, key.kid).slice(0, -4), null, null],
  ];
  it.each(refusals)("throws a clear error for %s, without echoing key material", (_name, blob, otherWrap, otherKid) => {
    let thrown: unknown;
    try {
      decryptPrivateKey(blob(), otherWrap ?? wrap, otherKid ?? key.kid);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    const message = (thrown as Error).message;
    expect(message).toMatch(/could not be decrypted/);
    expect(message).not.toContain(key.privateJwk.d);
    expect(message).not.toContain(wrap.toString("base64url"));
  });

  it("refuses an unknown version and a wrapping key of the wrong size", () => {
    expect(() => decryptPrivateKey("v2.a.b.c", wrap, key.kid)).toThrow(/v1 format/);
    expect(() => encryptPrivateKey(key.privateJwk, randomBytes(16), key.kid)).toThrow(/32 bytes/);
    expect(() => encryptPrivateKey(key.publicJwk, wrap, key.kid)).toThrow(/private JWK/);
  });
});

describe("createSigner", () => {
  it("signs at+jwt tokens with the kid that verify against the public JWK", async () => {
    const signer = await createSigner(key);
    const token = await signer.sign({ sub: "agt", iat: T, exp: T + 60 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" });
    const { payload } = await jwtVerify(token, await importJWK(key.publicJwk, "EdDSA"), { algorithms: ["EdDSA"], typ: "at+jwt", currentDate: NOW });
    expect(payload.sub).toBe("agt");
    expect(decodeProtectedHeader(await signer.sign({}, { typ: "JWT" })).typ).toBe("JWT");
  });

  it("refuses a public or non-Ed25519 key", async () => {
    await expect(createSigner({ kid: key.kid, privateJwk: key.publicJwk })).rejects.toThrow(/Ed25519 private JWK/);
  });

  it("signs 1,000 tokens with one signer (prints µs per signature and per verification)", async () => {
    const signer = await createSigner(key);
    const payload = { iss: "https://mandate.example", sub: "agt", aud: "https://billing.internal", iat: T, exp: T + 300, jti: "x" };
    const N = 1000;
    await signer.sign(payload); // warm-up
    let t0 = performance.now();
    const tokens: string[] = [];
    for (let i = 0; i < N; i++) tokens.push(await signer.sign({ ...payload, jti: `t-${i}` }));
    const signUs = ((performance.now() - t0) * 1000) / N;

    // WebCrypto runs on the libuv pool, so one-at-a-time latency is not throughput.
    t0 = performance.now();
    await Promise.all(Array.from({ length: N }, (_, i) => signer.sign({ ...payload, jti: `c-${i}` })));
    const concurrentUs = ((performance.now() - t0) * 1000) / N;

    // The cost the signer avoids: importing the JWK for every request.
    t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const k = await importJWK({ ...key.privateJwk }, "EdDSA");
      await new SignJWT({ ...payload, jti: `u-${i}` }).setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" }).sign(k);
    }
    const importAndSignUs = ((performance.now() - t0) * 1000) / N;

    const pub = await importJWK(key.publicJwk, "EdDSA");
    t0 = performance.now();
    for (const t of tokens) await jwtVerify(t, pub, { algorithms: ["EdDSA"], currentDate: NOW });
    const verifyUs = ((performance.now() - t0) * 1000) / N;

    console.log(`[jose bench] ${N} tokens: sign ${signUs.toFixed(1)} µs sequential / ${concurrentUs.toFixed(1)} µs concurrent (cached key), import+sign ${importAndSignUs.toFixed(1)} µs, verify ${verifyUs.toFixed(1)} µs`);
    expect(new Set(tokens).size).toBe(N);
  });
});
