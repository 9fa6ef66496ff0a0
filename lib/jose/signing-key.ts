// Mandate's own token-signing keys: Ed25519, identified by their RFC 7638
// thumbprint, stored only encrypted (AES-256-GCM under a key derived from
// MANDATE_SECRET — the caller passes deriveSecret("signing-key-wrap") in; this
// module never reads the environment).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";

export type SigningKey = { kid: string; alg: "EdDSA"; publicJwk: JWK; privateJwk: JWK; createdAt: Date };

export async function generateSigningKey(now: Date): Promise<SigningKey> {
  // Extractable only so the private half can be encrypted for storage; the
  // signer re-imports it as a non-extractable key.
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const pub = await exportJWK(pair.publicKey);
  const priv = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint({ kty: pub.kty, crv: pub.crv, x: pub.x }, "sha256");
  const meta = { kid, alg: "EdDSA", use: "sig" } as const;
  return {
    kid,
    alg: "EdDSA",
    publicJwk: { kty: pub.kty, crv: pub.crv, x: pub.x, ...meta },
    privateJwk: { kty: priv.kty, crv: priv.crv, x: priv.x, d: priv.d, ...meta },
    createdAt: new Date(now.getTime()),
  };
}

const VERSION = "v1";
const IV_BYTES = 12; // the GCM standard nonce size; random per encryption
const TAG_BYTES = 16;

function assertWrappingKey(wrappingKey: Buffer): void {
  if (!Buffer.isBuffer(wrappingKey) || wrappingKey.length !== 32) {
    throw new Error("signing-key wrapping key must be 32 bytes (use deriveSecret with the signing-key purpose)");
  }
}

/**
 * `v1.<iv>.<ciphertext>.<tag>` (base64url). The kid is additional
 * authenticated data, so a stored blob cannot be swapped onto another key's row.
 */
export function encryptPrivateKey(privateJwk: JWK, wrappingKey: Buffer, kid: string): string {
  assertWrappingKey(wrappingKey);
  if (typeof privateJwk.d !== "string") throw new Error("encryptPrivateKey expects a private JWK");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", wrappingKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(kid, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(privateJwk), "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

const UNREADABLE = "stored signing key could not be decrypted: MANDATE_SECRET differs from the one it was encrypted with, the kid does not match, or the ciphertext was altered";

export function decryptPrivateKey(ciphertext: string, wrappingKey: Buffer, kid: string): JWK {
  assertWrappingKey(wrappingKey);
  const parts = typeof ciphertext === "string" ? ciphertext.split(".") : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error(`stored signing key is not in the ${VERSION} format`);
  const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || body.length === 0) throw new Error(UNREADABLE);
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", wrappingKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(kid, "utf8"));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    // Node's own message ("Unsupported state or unable to authenticate data") explains nothing.
    throw new Error(UNREADABLE);
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(plaintext) as JWK;
  } catch {
    throw new Error("stored signing key is not a JSON Web Key"); // JSON.parse quotes its input; that input is a private key
  }
  if (typeof jwk !== "object" || jwk === null || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.d !== "string") throw new Error("stored signing key is not an Ed25519 private key");
  return jwk;
}

export type Signer = {
  kid: string;
  alg: "EdDSA";
  /** Signs a JWT; typ defaults to "at+jwt" (RFC 9068 access tokens). */
  sign(payload: JWTPayload, opts?: { typ?: string }): Promise<string>;
};

/**
 * Imports the private key once. jose 6 imports into a WebCrypto CryptoKey (not
 * a node KeyObject); re-importing a JWK per request costs a second Ed25519
 * import on the hot path, so the signer holds the imported key. It is
 * non-extractable: nothing holding the signer can read the key back out.
 */
export async function createSigner(input: { kid: string; privateJwk: JWK }): Promise<Signer> {
  const { kid, privateJwk } = input;
  if (privateJwk.kty !== "OKP" || privateJwk.crv !== "Ed25519" || typeof privateJwk.d !== "string") {
    throw new Error("createSigner expects an Ed25519 private JWK");
  }
  const key = await importJWK({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, d: privateJwk.d }, "EdDSA", { extractable: false });
  return {
    kid,
    alg: "EdDSA",
    sign: (payload, opts) => new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", kid, typ: opts?.typ ?? "at+jwt" }).sign(key),
  };
}
