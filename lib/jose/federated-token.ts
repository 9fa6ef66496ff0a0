// A workload's platform token (a CI job's OIDC token, a Kubernetes
// service-account token, a SPIFFE JWT-SVID) presented as an RFC 7523 client
// assertion. Two steps: `readFederatedToken` refuses what can be refused
// without a key (shape, algorithm — asymmetric only, never none or HMAC) and
// says which issuer to look up; `verifyFederatedToken` checks the signature
// with that issuer's keys and then issuer, audience and lifetime. Keys in the
// token's header (jwk, jku, x5u, x5c) are never looked at.
import { decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK, type JWTPayload } from "jose";
import { candidateKeys, FEDERATED_ALGORITHMS, isFederatedAlgorithm, type FederatedAlgorithm, type IssuerJwks } from "@/lib/domain/federation-keys";
import { spiffeTrustDomainOf } from "@/lib/domain/federation";
import { MAX_JTI_LENGTH } from "./keys";

export type FederatedFailure =
  | "malformed"
  | "alg_none"
  | "alg_not_allowed"
  | "unknown_issuer"
  | "jwks_unavailable"
  | "unknown_kid"
  | "signature_invalid"
  | "wrong_issuer"
  | "wrong_trust_domain"
  | "missing_sub"
  | "missing_exp"
  | "expired"
  | "not_yet_valid"
  | "issued_in_future"
  | "wrong_audience"
  | "jti_too_long"
  | "unmapped"
  | "ambiguous"
  | "agent_inactive"
  | "client_id_mismatch";

export type FederatedRefusal = { ok: false; reason: FederatedFailure; description: string };
const refuse = (reason: FederatedFailure, description: string): FederatedRefusal => ({ ok: false, reason, description });

const MAX_FEDERATED_TOKEN_LENGTH = 16 * 1024;

export type FederatedHeader = { ok: true; alg: FederatedAlgorithm; kid?: string; iss?: string; sub?: string };

/** Unverified: only to learn which issuer's keys to try. Nothing read here is trusted. */
export function readFederatedToken(token: string): FederatedHeader | FederatedRefusal {
  if (token.length > MAX_FEDERATED_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    return refuse("malformed", "the platform token must be a signed JWT in compact serialization");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return refuse("malformed", "the platform token is not a JWT: its header or payload is not base64url-encoded JSON");
  }
  const alg = header.alg;
  if (typeof alg === "string" && alg.toLowerCase() === "none") return refuse("alg_none", 'the platform token is unsigned (alg "none")');
  if (!isFederatedAlgorithm(alg)) {
    const hint = typeof alg === "string" && /^HS/i.test(alg) ? " — shared-secret (HMAC) signatures are never accepted" : "";
    return refuse("alg_not_allowed", `the platform token's alg must be one of ${FEDERATED_ALGORITHMS.join(", ")}${hint}`);
  }
  if (header.kid !== undefined && typeof header.kid !== "string") return refuse("malformed", "the platform token's kid must be a string");
  // A lone surrogate is not text: no issuer writes one, and neither the
  // database nor Cedar accepts one, so it is refused before either sees it.
  if (hasLoneSurrogate(header) || hasLoneSurrogate(claims)) return refuse("malformed", "the platform token contains text that is not valid Unicode, or nests too deeply");
  return {
    ok: true,
    alg,
    ...(header.kid !== undefined && { kid: header.kid }),
    ...(typeof claims.iss === "string" && { iss: claims.iss }),
    ...(typeof claims.sub === "string" && { sub: claims.sub }),
  };
}

const LONE_SURROGATE = /\p{Cs}/u;

function hasLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (value === null || typeof value !== "object") return false;
  if (depth > 32) return true; // nothing a platform issues nests this deep
  if (Array.isArray(value)) return value.some((v) => hasLoneSurrogate(v, depth + 1));
  return Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(v, depth + 1));
}

export type VerifyFederatedOptions = {
  now: Date;
  /** OIDC and STATIC_JWKS: the exact `iss` required. SPIFFE: the trust domain `sub` must be in (`iss` is not required by JWT-SVIDs). */
  kind: "OIDC" | "STATIC_JWKS" | "SPIFFE";
  issuer: string;
  audiences: string[];
  clockSkewSeconds: number;
  keys: IssuerJwks;
};

export type VerifiedFederatedToken = { ok: true; subject: string; claims: JWTPayload; exp: number; jti: string | null; kid?: string };

export async function verifyFederatedToken(token: string, read: FederatedHeader, opts: VerifyFederatedOptions): Promise<VerifiedFederatedToken | FederatedRefusal> {
  const candidates = candidateKeys(opts.keys, { kid: read.kid, alg: read.alg });
  if (candidates.length === 0) {
    return read.kid === undefined
      ? refuse("unknown_kid", `no key of the issuer can verify ${read.alg} signatures`)
      : refuse("unknown_kid", "the platform token's kid does not name a key of its issuer");
  }
  for (const jwk of candidates) {
    let key: Awaited<ReturnType<typeof importJWK>>;
    try {
      key = await importJWK(jwk as JWK, read.alg);
    } catch {
      continue;
    }
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [read.alg],
        currentDate: opts.now,
        clockTolerance: opts.clockSkewSeconds,
        audience: opts.audiences,
        ...(opts.kind !== "SPIFFE" && { issuer: opts.issuer }),
        requiredClaims: ["exp", "sub"],
      });
      return afterSignature(payload, opts, jwk.kid);
    } catch (e) {
      if (e instanceof errors.JWSSignatureVerificationFailed) continue; // without a kid, another key may verify
      return claimFailure(e);
    }
  }
  return refuse("signature_invalid", "the platform token's signature does not verify with its issuer's keys");
}

function afterSignature(payload: JWTPayload, opts: VerifyFederatedOptions, kid: string | undefined): VerifiedFederatedToken | FederatedRefusal {
  const subject = payload.sub;
  if (typeof subject !== "string" || subject === "" || subject.length > 1024) return refuse("missing_sub", "the platform token must carry a subject (sub)");
  if (opts.kind === "SPIFFE" && spiffeTrustDomainOf(subject) !== opts.issuer) {
    return refuse("wrong_trust_domain", `the JWT-SVID's SPIFFE ID is not in the trust domain ${opts.issuer}`);
  }
  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  if (payload.iat !== undefined && payload.iat - nowSeconds > opts.clockSkewSeconds) return refuse("issued_in_future", "the platform token's iat is in the future");
  const jti = typeof payload.jti === "string" && payload.jti !== "" ? payload.jti : null;
  if (jti !== null && jti.length > MAX_JTI_LENGTH) return refuse("jti_too_long", `the platform token's jti must be at most ${MAX_JTI_LENGTH} characters`);
  return { ok: true, subject, claims: payload, exp: payload.exp as number, jti, ...(kid !== undefined && { kid }) };
}

/** jose's claim errors carry the payload; only our own fixed wording leaves this module. */
function claimFailure(e: unknown): FederatedRefusal {
  if (e instanceof errors.JWTExpired) return refuse("expired", "the platform token has expired");
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "exp") return refuse("missing_exp", "the platform token must carry a numeric exp");
    if (e.claim === "sub") return refuse("missing_sub", "the platform token must carry a subject (sub)");
    if (e.claim === "nbf") return refuse("not_yet_valid", "the platform token is not valid yet (nbf is in the future)");
    if (e.claim === "aud") return refuse("wrong_audience", "the platform token's aud is not an audience this trust configuration accepts");
    if (e.claim === "iss") return refuse("wrong_issuer", "the platform token's iss is not the trusted issuer");
    if (e.claim === "iat") return refuse("malformed", "the platform token's iat must be a number");
  }
  return refuse("malformed", "the platform token could not be verified: it is not a well-formed signed JWT");
}
