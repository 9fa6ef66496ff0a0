// RFC 9449 DPoP: the agent signs each request with a key whose public half
// rides in the proof's header. The token is then bound to that key's
// thumbprint (cnf.jkt), so a stolen token is useless without the private key.
// Replay of a proof's jti is the caller's job (it needs storage); everything
// that can be decided from the proof itself is decided here.
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, errors, jwtVerify, type JWK } from "jose";
import { importPublicKey, isAgentAlgorithm, memoPerPublicKey, keyFitsAlgorithm, looksLikeCompactJws, MAX_JTI_LENGTH, privateMemberOf, publicMembers } from "./keys";

export type DpopFailure =
  | "malformed"
  | "wrong_typ"
  | "alg_not_allowed"
  | "missing_jwk"
  | "private_key_in_header"
  | "jwk_alg_mismatch"
  | "signature_invalid"
  | "wrong_htm"
  | "wrong_htu"
  | "missing_iat"
  | "stale_iat"
  | "future_iat"
  | "missing_jti"
  | "jti_too_long"
  | "missing_ath"
  | "ath_mismatch"
  | "nonce_mismatch";

export type DpopResult =
  | { ok: true; jkt: string; jti: string; iat: number }
  | { ok: false; reason: DpopFailure; description: string };

export type VerifyDpopOptions = {
  now: Date;
  /** The HTTP method of the request the proof came with. */
  method: string;
  /** The full URL the request was made to (query and fragment are ignored). */
  url: string;
  /** When the proof accompanies an access token, the proof must hash it (ath). */
  accessToken?: string;
  maxAgeSeconds?: number;
  clockSkewSeconds?: number;
  /** A server-issued nonce the proof must echo, when the server demands one. */
  nonce?: string;
};

const fail = (reason: DpopFailure, description: string): DpopResult => ({ ok: false, reason, description });

/**
 * RFC 7638 SHA-256 thumbprint: the value of cnf.jkt. Memoised per public key
 * (lib/jose/keys.ts): an agent proves possession of the same key on every
 * request, and jose computes the digest through WebCrypto — a round trip
 * through libuv's thread pool per call, in every request's path.
 */
export const dpopThumbprint: (jwk: JWK) => Promise<string> = memoPerPublicKey((pub) => calculateJwkThumbprint(pub, "sha256"));

/** RFC 9449 §4.2 `ath`: base64url(SHA-256(ASCII access token)). */
export function accessTokenHash(token: string): string {
  return createHash("sha256").update(token, "ascii").digest("base64url");
}

/**
 * RFC 9449 §4.3 compares htu without query and fragment; RFC 3986 §6.2.2–6.2.3
 * normalisation (case of scheme and host, default port, dot segments) is what
 * WHATWG URL parsing already does. Only http(s) URLs have a meaningful origin.
 */
export function normaliseHtu(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  return `${u.origin}${u.pathname}`;
}

/** typ is a media type: case-insensitive, and "application/" may be written out (RFC 7515 §4.1.9). */
function isDpopTyp(typ: unknown): boolean {
  if (typeof typ !== "string") return false;
  const t = typ.toLowerCase();
  return t === "dpop+jwt" || t === "application/dpop+jwt";
}

export async function verifyDpopProof(proof: string, opts: VerifyDpopOptions): Promise<DpopResult> {
  const maxAge = opts.maxAgeSeconds ?? 60;
  const skew = opts.clockSkewSeconds ?? 5;

  if (!looksLikeCompactJws(proof)) return fail("malformed", "the DPoP header must be a single signed JWT in compact serialization");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return fail("malformed", "the DPoP proof header is not base64url-encoded JSON");
  }
  if (!isDpopTyp(header.typ)) return fail("wrong_typ", 'the DPoP proof header typ must be "dpop+jwt"');
  const alg = header.alg;
  if (!isAgentAlgorithm(alg)) return fail("alg_not_allowed", "the DPoP proof alg must be EdDSA or ES256");

  const embedded = header.jwk;
  if (typeof embedded !== "object" || embedded === null || Array.isArray(embedded)) {
    return fail("missing_jwk", "the DPoP proof header must carry the public key (jwk) that signed it");
  }
  if (privateMemberOf(embedded as Record<string, unknown>)) {
    return fail("private_key_in_header", "the DPoP proof header jwk contains private key material: send only the public key (and replace this key pair)");
  }
  if (!keyFitsAlgorithm(embedded, alg)) {
    return fail("jwk_alg_mismatch", `the DPoP proof header jwk is not a key that signs ${alg} (${alg === "EdDSA" ? "OKP Ed25519" : "EC P-256"} expected)`);
  }

  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    const key = await importPublicKey(embedded, alg);
    ({ payload } = await jwtVerify(proof, key, { algorithms: [alg], currentDate: opts.now, clockTolerance: skew }));
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed) return fail("signature_invalid", "the DPoP proof signature does not verify with the key in its header");
    // exp and nbf are optional in a proof, but when present they are honoured.
    if (e instanceof errors.JWTExpired) return fail("stale_iat", "the DPoP proof has expired: mint a fresh proof for each request");
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === "nbf") return fail("future_iat", "the DPoP proof is not valid yet (nbf is in the future)");
    // Bad key coordinates, a non-object payload, a non-numeric exp…: jose's message may quote the payload, so it stays here.
    return fail("malformed", "the DPoP proof is not a well-formed signed JWT with a usable public key");
  }

  if (payload.htm !== opts.method) return fail("wrong_htm", `the DPoP proof htm must be the request method (${opts.method})`);
  const expectedHtu = normaliseHtu(opts.url);
  if (typeof payload.htu !== "string" || expectedHtu === null || normaliseHtu(payload.htu) !== expectedHtu) {
    return fail("wrong_htu", `the DPoP proof htu must be the URL of this request without query or fragment (${expectedHtu ?? "unparseable"})`);
  }

  const iat = payload.iat;
  if (typeof iat !== "number" || !Number.isFinite(iat)) return fail("missing_iat", "the DPoP proof must carry a numeric iat");
  const age = Math.floor(opts.now.getTime() / 1000) - iat;
  if (age > maxAge + skew) return fail("stale_iat", `the DPoP proof is too old: mint a fresh proof for each request (at most ${maxAge} seconds)`);
  if (age < -skew) return fail("future_iat", "the DPoP proof iat is in the future: check the agent's clock");

  const jti = payload.jti;
  if (typeof jti !== "string" || jti === "") return fail("missing_jti", "the DPoP proof must carry a unique jti");
  if (jti.length > MAX_JTI_LENGTH) return fail("jti_too_long", `the DPoP proof jti must be at most ${MAX_JTI_LENGTH} characters`);

  if (opts.accessToken !== undefined) {
    if (typeof payload.ath !== "string") return fail("missing_ath", "a DPoP proof sent with an access token must carry ath (the token's SHA-256, base64url)");
    if (payload.ath !== accessTokenHash(opts.accessToken)) return fail("ath_mismatch", "the DPoP proof ath does not match the access token it was sent with");
  }
  if (opts.nonce !== undefined && payload.nonce !== opts.nonce) {
    return fail("nonce_mismatch", "the DPoP proof must carry the nonce from the most recent DPoP-Nonce header");
  }

  return { ok: true, jkt: await dpopThumbprint(embedded), jti, iat };
}
