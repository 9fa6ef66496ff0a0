// Digests that stand in for values Mandate must not keep or must bind to.
import { sha256 } from "@/lib/domain/sha256";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";

/**
 * What a step-up approval is bound to: base64url(SHA-256(canonical JSON)).
 * Canonical, so the same request always yields the same digest whatever the
 * key order it arrived in. Throws (via canonicalJson) on values JSON cannot
 * represent faithfully — a digest over a lossy encoding would bind nothing.
 */
export function requestDigest(request: unknown): string {
  return sha256(canonicalJson(request as Canonicalisable), "base64url");
}

/** The only trace of a token the database keeps: hex SHA-256 of its jti. */
export function hashJti(jti: string): string {
  return sha256(jti, "hex");
}

/**
 * Hex SHA-256 of an issued access token. Only Mandate can produce a token
 * whose hash it stored at issuance, so finding the hash recognises the exact
 * token it signed (introspection's fast path) without keeping the token.
 */
export function hashToken(token: string): string {
  return sha256(token, "hex");
}
