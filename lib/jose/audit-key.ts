// The audit signing key: Ed25519, used only to sign audit checkpoints and
// evidence-bundle manifests — never tokens. It is derived from a 32-byte seed
// (the caller passes deriveSecret("audit-signing-key")), so every instance of
// one installation holds the same key without storing it, and it is published
// apart from the token JWKS so that no resource server could ever be tricked
// into accepting a checkpoint signature as an access token.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, CompactSign, compactVerify, exportJWK, importJWK, type JWK } from "jose";

/** JWS `typ` values: a signature made for one purpose is refused for the other. */
export const CHECKPOINT_TYP = "mandate-checkpoint+jws";
export const MANIFEST_TYP = "mandate-evidence-manifest+jws";

export type AuditSigner = {
  kid: string;
  publicJwk: JWK;
  sign(payload: Uint8Array, typ: string): Promise<string>;
};

// PKCS#8 wrapping of a raw Ed25519 private key (RFC 8410): a fixed prefix and the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export async function auditSignerFromSeed(seed: Buffer): Promise<AuditSigner> {
  if (!Buffer.isBuffer(seed) || seed.length !== 32) throw new Error("the audit key seed must be 32 bytes");
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const pub = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint({ kty: pub.kty, crv: pub.crv, x: pub.x }, "sha256");
  const publicJwk: JWK = { kty: pub.kty, crv: pub.crv, x: pub.x, kid, alg: "EdDSA", use: "sig", key_ops: ["verify"] };
  return {
    kid,
    publicJwk,
    sign: (payload, typ) => new CompactSign(payload).setProtectedHeader({ alg: "EdDSA", kid, typ }).sign(privateKey),
  };
}

export type VerifiedJws = { payload: Uint8Array; kid: string | undefined };

/**
 * Verifies a compact JWS made by an audit signer against one of `keys`
 * (matched by kid). Only EdDSA is accepted, and only with the expected typ.
 * Throws an Error saying why it does not verify.
 */
export async function verifyAuditJws(jws: string, typ: string, keys: JWK[]): Promise<VerifiedJws> {
  const parts = typeof jws === "string" ? jws.trim().split(".") : [];
  if (parts.length !== 3) throw new Error("not a compact JWS");
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  } catch {
    throw new Error("the JWS header is not JSON");
  }
  if (header.alg !== "EdDSA") throw new Error(`the JWS algorithm is ${String(header.alg)}, not EdDSA`);
  if (header.typ !== typ) throw new Error(`the JWS is a ${String(header.typ)}, not a ${typ}`);
  const candidates = keys.filter((k) => k.kty === "OKP" && k.crv === "Ed25519" && (header.kid === undefined || k.kid === header.kid));
  if (candidates.length === 0) throw new Error(`no trusted key has kid ${String(header.kid)}`);
  for (const jwk of candidates) {
    try {
      const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "EdDSA");
      const { payload } = await compactVerify(jws.trim(), key, { algorithms: ["EdDSA"] });
      return { payload, kid: typeof header.kid === "string" ? header.kid : undefined };
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`the signature does not verify with the key ${String(header.kid)}`);
}
