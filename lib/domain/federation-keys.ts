// The key sets of trusted issuers (a pasted static JWKS, a SPIFFE bundle, or a
// discovered OIDC jwks_uri document). Platforms sign with RSA as often as with
// EC or Ed25519, so this is wider than an agent's own keys (lib/domain/jwks.ts)
// — but still public, asymmetric signing keys only.
import { createPublicKey } from "node:crypto";

/** The algorithms a federated token may be signed with: asymmetric only — never none, never HMAC. */
export const FEDERATED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export type FederatedAlgorithm = (typeof FEDERATED_ALGORITHMS)[number];
export const isFederatedAlgorithm = (alg: unknown): alg is FederatedAlgorithm => typeof alg === "string" && (FEDERATED_ALGORITHMS as readonly string[]).includes(alg);

export type IssuerJwk = { kty: "RSA" | "EC" | "OKP"; kid?: string; alg?: string; use?: string; crv?: string; n?: string; e?: string; x?: string; y?: string };
export type IssuerJwks = { keys: IssuerJwk[] };
export type IssuerJwksResult = { ok: true; jwks: IssuerJwks } | { ok: false; error: string };

export const MAX_ISSUER_KEYS = 50;
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];
const EC_CURVES = new Set(["P-256", "P-384", "P-521"]);

function validateIssuerKey(raw: unknown, i: number): IssuerJwk | string | null {
  const where = `keys[${i}]`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return `${where} is not a JSON object`;
  const k = raw as Record<string, unknown>;
  if (k.kty === "oct") return `${where} is a symmetric key (kty "oct"): only public asymmetric keys can be trusted`;
  const privateMember = PRIVATE_MEMBERS.find((m) => m in k);
  if (privateMember) return `${where} contains private key material ("${privateMember}"): paste only public keys`;
  // Encryption keys in a published set are skipped, not an error (OIDC providers publish both).
  if (k.use !== undefined && k.use !== "sig") return null;
  if (k.kid !== undefined && (typeof k.kid !== "string" || k.kid.length === 0 || k.kid.length > 256)) return `${where}.kid must be a non-empty string of at most 256 characters`;
  if (k.alg !== undefined && !isFederatedAlgorithm(k.alg)) return `${where}.alg ${JSON.stringify(k.alg)} is not an asymmetric signature algorithm Mandate accepts (${FEDERATED_ALGORITHMS.join(", ")})`;
  let jwk: IssuerJwk;
  if (k.kty === "RSA") {
    if (typeof k.n !== "string" || typeof k.e !== "string") return `${where} must carry the RSA modulus n and exponent e`;
    if (Buffer.from(k.n, "base64url").length < 256) return `${where} is an RSA key shorter than 2048 bits`;
    jwk = { kty: "RSA", n: k.n, e: k.e };
  } else if (k.kty === "EC") {
    if (typeof k.crv !== "string" || !EC_CURVES.has(k.crv)) return `${where}.crv must be P-256, P-384 or P-521`;
    if (typeof k.x !== "string" || typeof k.y !== "string") return `${where} must carry x and y`;
    jwk = { kty: "EC", crv: k.crv, x: k.x, y: k.y };
  } else if (k.kty === "OKP") {
    if (k.crv !== "Ed25519") return `${where}.crv must be Ed25519 for an OKP key`;
    if (typeof k.x !== "string") return `${where} must carry x`;
    jwk = { kty: "OKP", crv: "Ed25519", x: k.x };
  } else {
    return `${where}.kty must be RSA, EC or OKP (got ${JSON.stringify(k.kty)})`;
  }
  try {
    createPublicKey({ key: { ...jwk }, format: "jwk" });
  } catch {
    return `${where} is not a valid ${jwk.kty} public key`;
  }
  return { ...jwk, ...(typeof k.kid === "string" && { kid: k.kid }), ...(typeof k.alg === "string" && { alg: k.alg }), use: "sig" };
}

/**
 * Accepts a JWKS object or its JSON text; keeps only the public members of the
 * signing keys (encryption keys are skipped). At least one signing key must remain.
 */
export function validateIssuerJwks(input: unknown): IssuerJwksResult {
  let doc = input;
  if (typeof doc === "string") {
    if (doc.length > 256 * 1024) return { ok: false, error: "the key set is larger than 256 KiB" };
    try {
      doc = JSON.parse(doc);
    } catch {
      return { ok: false, error: "the key set is not valid JSON" };
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, error: 'expected a JSON object like {"keys": [ … ]}' };
  const rawKeys = (doc as Record<string, unknown>).keys;
  if (!Array.isArray(rawKeys)) return { ok: false, error: '"keys" must be an array of JSON Web Keys' };
  if (rawKeys.length > MAX_ISSUER_KEYS) return { ok: false, error: `at most ${MAX_ISSUER_KEYS} keys are accepted` };
  const keys: IssuerJwk[] = [];
  for (const [i, raw] of rawKeys.entries()) {
    const r = validateIssuerKey(raw, i);
    if (typeof r === "string") return { ok: false, error: r };
    if (r) keys.push(r);
  }
  if (keys.length === 0) return { ok: false, error: "the key set has no public signing key" };
  return { ok: true, jwks: { keys } };
}

/** Keys that may verify a token with this header: by kid when it names one, and fitting the algorithm. */
export function candidateKeys(jwks: IssuerJwks, header: { kid?: string; alg: FederatedAlgorithm }): IssuerJwk[] {
  const byKid = header.kid === undefined ? jwks.keys : jwks.keys.filter((k) => k.kid === header.kid);
  return byKid.filter((k) => keyFits(k, header.alg));
}

function keyFits(k: IssuerJwk, alg: FederatedAlgorithm): boolean {
  if (k.alg !== undefined && k.alg !== alg) return false;
  if (alg.startsWith("RS") || alg.startsWith("PS")) return k.kty === "RSA";
  if (alg === "EdDSA") return k.kty === "OKP";
  const curve = { ES256: "P-256", ES384: "P-384", ES512: "P-521" }[alg as "ES256" | "ES384" | "ES512"];
  return k.kty === "EC" && k.crv === curve;
}
