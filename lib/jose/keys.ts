// Small helpers shared by the verifiers: which algorithms Mandate accepts from
// agents, and how a JWK is reduced to its public members before it is used.
import { importJWK, type CryptoKey, type JWK } from "jose";

/** The only signature algorithms an agent may use (DESIGN.md, "Agent authentication"). */
export const AGENT_ALGORITHMS = ["EdDSA", "ES256"] as const;
export type AgentAlgorithm = (typeof AGENT_ALGORITHMS)[number];

export function isAgentAlgorithm(alg: unknown): alg is AgentAlgorithm {
  return alg === "EdDSA" || alg === "ES256";
}

/** Members that only a private or symmetric key has (RFC 7518 §6). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

export function privateMemberOf(jwk: Record<string, unknown>): string | undefined {
  return PRIVATE_MEMBERS.find((m) => m in jwk);
}

/** Does this key have the type and curve that `alg` signs with? */
export function keyFitsAlgorithm(jwk: JWK, alg: AgentAlgorithm): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  return alg === "EdDSA" ? jwk.kty === "OKP" && jwk.crv === "Ed25519" : jwk.kty === "EC" && jwk.crv === "P-256";
}

/**
 * Only the members needed to verify. A stored record or an embedded header may
 * carry more (even a private `d` by mistake); verifying with a copy that has
 * nothing else means such extras can never change what the key is.
 */
export function publicMembers(jwk: JWK): JWK {
  return jwk.kty === "EC" ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

/** A limit on what we parse at all: real assertions and proofs are well under 2 KiB. */
export const MAX_COMPACT_JWS_LENGTH = 8 * 1024;

/** Is this a compact JWS (three base64url parts) of a sane size? */
export function looksLikeCompactJws(token: unknown): token is string {
  return (
    typeof token === "string" &&
    token.length <= MAX_COMPACT_JWS_LENGTH &&
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)
  );
}

export const MAX_JTI_LENGTH = 256;

// Importing a JWK costs about as much as a third of a signature check, and the
// same few public keys (registered agent keys, agents' DPoP keys) come back
// on every request. Only public members are keyed and imported, so a cached
// key can never be anything but the public key it was imported from.
const MAX_REMEMBERED_KEYS = 2000;

/** Identifies a public key by its public members only (base64url members cannot contain "|"). */
function publicKeyId(pub: JWK): string {
  return `${pub.kty}|${pub.crv}|${pub.x}|${pub.y ?? ""}`;
}

/**
 * A per-public-key memo of an asynchronous computation: bounded (the oldest
 * entry goes first), and a failure is not kept, so the next call tries again.
 */
export function memoPerPublicKey<T>(compute: (pub: JWK) => Promise<T>): (jwk: JWK) => Promise<T> {
  const memo = new Map<string, Promise<T>>();
  return (jwk) => {
    const pub = publicMembers(jwk);
    const id = publicKeyId(pub);
    let value = memo.get(id);
    if (!value) {
      value = compute(pub);
      if (memo.size >= MAX_REMEMBERED_KEYS) memo.delete(memo.keys().next().value!);
      memo.set(id, value);
      value.catch(() => memo.delete(id));
    }
    return value;
  };
}

const importedKeys = new Map<AgentAlgorithm, (jwk: JWK) => Promise<CryptoKey | Uint8Array>>(
  AGENT_ALGORITHMS.map((alg) => [alg, memoPerPublicKey((pub) => importJWK(pub, alg))]),
);

/** importJWK of the public members of `jwk`, memoised (bounded); a failed import is not kept. */
export function importPublicKey(jwk: JWK, alg: AgentAlgorithm): Promise<CryptoKey | Uint8Array> {
  const importer = importedKeys.get(alg);
  if (!importer) return Promise.reject(new Error(`unsupported algorithm ${String(alg)}`));
  return importer(jwk);
}
