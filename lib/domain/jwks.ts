// Validation of the public keys an agent authenticates with. Only public
// Ed25519 (EdDSA) and P-256 (ES256) keys are accepted; anything else — a
// private key, a symmetric secret, RSA, a malformed document — is refused with
// a message that says precisely what is wrong, and nothing is stored.
import { createHash, createPublicKey } from "node:crypto";

export type PublicJwk = {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  y?: string;
  kid: string;
  alg: "EdDSA" | "ES256";
  use?: "sig";
};
export type PublicJwks = { keys: PublicJwk[] };
export type JwksResult = { ok: true; jwks: PublicJwks } | { ok: false; error: string };

export const MAX_KEYS = 10;
const B64URL = /^[A-Za-z0-9_-]+$/;
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

function b64urlBytes(s: unknown): number {
  if (typeof s !== "string" || !B64URL.test(s)) return -1;
  return Buffer.from(s, "base64url").length;
}

/** RFC 7638 thumbprint (SHA-256, base64url) over the required members. */
export function jwkThumbprint(jwk: Pick<PublicJwk, "kty" | "crv" | "x" | "y">): string {
  const members =
    jwk.kty === "OKP" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

function validateKey(raw: unknown, i: number): PublicJwk | string {
  const where = `keys[${i}]`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return `${where} is not a JSON object`;
  const k = raw as Record<string, unknown>;
  const privateMember = PRIVATE_MEMBERS.find((m) => m in k);
  if (k.kty === "oct" || privateMember === "k") {
    return `${where} is a symmetric key (kty "oct"): shared secrets are not accepted — agents authenticate with an asymmetric key pair`;
  }
  if (privateMember) {
    return `${where} contains private key material ("${privateMember}"): paste only the PUBLIC key — the private key must never leave the agent`;
  }
  if (k.kty === "RSA") return `${where} is an RSA key: only Ed25519 (EdDSA) and P-256 (ES256) keys are accepted`;
  if (k.use !== undefined && k.use !== "sig") return `${where}.use must be "sig" (the key signs client assertions)`;
  if (k.kid !== undefined && (typeof k.kid !== "string" || k.kid.length === 0 || k.kid.length > 128 || /[\p{Cc}\p{Cf}]/u.test(k.kid))) {
    return `${where}.kid must be a non-empty string of at most 128 printable characters`;
  }
  let jwk: Omit<PublicJwk, "kid">;
  if (k.kty === "OKP") {
    if (k.crv !== "Ed25519") return `${where}.crv must be "Ed25519" for an OKP key (got ${JSON.stringify(k.crv)})`;
    if (k.alg !== undefined && k.alg !== "EdDSA") return `${where}.alg must be "EdDSA" for an Ed25519 key`;
    if (b64urlBytes(k.x) !== 32) return `${where}.x must be the 32-byte Ed25519 public key, base64url-encoded`;
    jwk = { kty: "OKP", crv: "Ed25519", x: k.x as string, alg: "EdDSA" };
  } else if (k.kty === "EC") {
    if (k.crv !== "P-256") return `${where}.crv must be "P-256" for an EC key (got ${JSON.stringify(k.crv)})`;
    if (k.alg !== undefined && k.alg !== "ES256") return `${where}.alg must be "ES256" for a P-256 key`;
    if (b64urlBytes(k.x) !== 32 || b64urlBytes(k.y) !== 32) return `${where}.x and .y must be 32-byte P-256 coordinates, base64url-encoded`;
    jwk = { kty: "EC", crv: "P-256", x: k.x as string, y: k.y as string, alg: "ES256" };
  } else {
    return `${where}.kty must be "OKP" (Ed25519) or "EC" (P-256) (got ${JSON.stringify(k.kty)})`;
  }
  try {
    // Rejects coordinates that are not a point on the curve.
    createPublicKey({ key: { ...jwk }, format: "jwk" });
  } catch {
    return `${where} is not a valid ${jwk.crv} public key`;
  }
  return { ...jwk, kid: (k.kid as string | undefined) ?? jwkThumbprint(jwk), use: "sig" };
}

/**
 * An agent's own keys. An agent bound to a federated subject (its platform's
 * token proves who it is) may register none: a missing value or an empty set
 * is then the empty set. Anything else is validated as below.
 */
export function validateAgentJwks(input: unknown, opts: { federated: boolean }): JwksResult {
  if (typeof input === "string" && input.trim() !== "" && input.length <= 64 * 1024) {
    try {
      input = JSON.parse(input);
    } catch {
      return validatePublicJwks(input); // the precise JSON error
    }
  }
  const keys = typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>).keys : undefined;
  const empty = input === undefined || input === null || (typeof input === "string" && input.trim() === "") || (Array.isArray(keys) && keys.length === 0);
  if (!empty) return validatePublicJwks(input);
  if (opts.federated) return { ok: true, jwks: { keys: [] } };
  return { ok: false, error: "is required: register at least one public key, or bind the agent to a federated subject" };
}

/**
 * Accepts a JWKS object, a single JWK, or their JSON text. Returns the
 * normalised set with only public members (unknown members are dropped) and a
 * kid on every key (the RFC 7638 thumbprint when none was given).
 */
export function validatePublicJwks(input: unknown): JwksResult {
  let doc = input;
  if (typeof doc === "string") {
    if (doc.length > 64 * 1024) return { ok: false, error: "the key set is larger than 64 KiB" };
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      return { ok: false, error: `not valid JSON (${(e as Error).message})` };
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, error: 'expected a JSON object like {"keys": [ … ]}' };
  const obj = doc as Record<string, unknown>;
  const rawKeys = "keys" in obj ? obj.keys : "kty" in obj ? [obj] : undefined;
  if (!Array.isArray(rawKeys)) return { ok: false, error: '"keys" must be an array of JSON Web Keys' };
  if (rawKeys.length === 0) return { ok: false, error: "the key set has no keys: at least one public key is required" };
  if (rawKeys.length > MAX_KEYS) return { ok: false, error: `at most ${MAX_KEYS} keys are accepted` };
  const keys: PublicJwk[] = [];
  for (const [i, raw] of rawKeys.entries()) {
    const r = validateKey(raw, i);
    if (typeof r === "string") return { ok: false, error: r };
    if (keys.some((k) => k.kid === r.kid)) return { ok: false, error: `keys[${i}].kid "${r.kid}" is used by another key in the set` };
    if (keys.some((k) => jwkThumbprint(k) === jwkThumbprint(r))) return { ok: false, error: `keys[${i}] is the same key as an earlier one` };
    keys.push(r);
  }
  return { ok: true, jwks: { keys } };
}
