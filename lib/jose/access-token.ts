// The access token Mandate issues (RFC 9068 JWT profile): one audience — the
// system boundary it is good for — the RFC 9396 authorization details it
// grants there, the task it belongs to, the DPoP key it is bound to (cnf.jkt)
// and, for a delegated token, the RFC 8693 actor chain. Revocation lives in
// the database; this module only says whether a token is authentic and well
// formed.
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWK, type JWTPayload } from "jose";
import { looksLikeCompactJws } from "./keys";

export type AuthorizationDetail = {
  type: "agent_task";
  locations: string[];
  actions: string[];
  identifier?: string;
  intent: string;
  task_id?: string;
};

/** RFC 8693 §4.1: the current actor, and nested inside it the one before. */
export type ActorClaim = { sub: string; act?: ActorClaim };

export type AccessTokenClaims = JWTPayload & {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  authorization_details: AuthorizationDetail[];
  task_id: string;
  cnf?: { jkt: string };
  act?: ActorClaim;
};

export type BuildAccessTokenInput = {
  issuer: string;
  /** The agent id. */
  subject: string;
  /** The single location (system boundary) this token is good for. */
  audience: string;
  jti: string;
  now: Date;
  expiresInSeconds: number;
  authorizationDetails: AuthorizationDetail[];
  taskId: string;
  /** RFC 7638 thumbprint of the DPoP key, when the token is sender-constrained. */
  dpopJkt?: string;
  act?: ActorClaim;
  clientId: string;
  /** When given, must equal the length of the act chain (a cross-check, not a claim). */
  delegationDepth?: number;
};

/** How many hops of delegation a token carries: the depth of its act chain. */
export function actChainDepth(act: ActorClaim | undefined): number {
  let depth = 0;
  for (let a = act; a !== undefined; a = a.act) depth++;
  return depth;
}

/**
 * Pure: the caller supplies time and the jti. Throws on inputs that would mint
 * a token broader than intended — these are programming errors, never client
 * errors, and failing here means no credential exists.
 */
export function buildAccessTokenClaims(input: BuildAccessTokenInput): AccessTokenClaims {
  if (!Number.isInteger(input.expiresInSeconds) || input.expiresInSeconds <= 0) {
    throw new TypeError("expiresInSeconds must be a positive whole number of seconds");
  }
  if (input.authorizationDetails.length === 0) throw new TypeError("an access token must grant at least one authorization detail");
  // One token, one boundary: a grant for another location must not ride along.
  if (!input.authorizationDetails.every((d) => d.locations.includes(input.audience))) {
    throw new TypeError("every authorization detail in a token must list the token's audience among its locations");
  }
  if (input.delegationDepth !== undefined && input.delegationDepth !== actChainDepth(input.act)) {
    throw new TypeError("delegationDepth does not match the length of the act chain");
  }
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience,
    exp: iat + input.expiresInSeconds,
    iat,
    jti: input.jti,
    client_id: input.clientId,
    authorization_details: input.authorizationDetails,
    task_id: input.taskId,
    ...(input.dpopJkt !== undefined && { cnf: { jkt: input.dpopJkt } }),
    ...(input.act !== undefined && { act: input.act }),
  };
}

export type AccessTokenFailure =
  | "malformed"
  | "wrong_typ"
  | "alg_not_allowed"
  | "unknown_key"
  | "signature_invalid"
  | "wrong_issuer"
  | "wrong_audience"
  | "expired"
  | "not_yet_valid"
  | "invalid_claims";

export type AccessTokenResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: AccessTokenFailure; description: string };

export type VerifyAccessTokenOptions = {
  now: Date;
  issuer: string;
  /** When given, the token's aud must be exactly this. */
  audience?: string;
  /** Mandate's public JWKS (rotated keys included until their tokens expire). */
  keys: { keys: JWK[] };
  /** Tolerance for several app instances' clocks; 0 so introspection goes inactive at exp. */
  clockSkewSeconds?: number;
};

const fail = (reason: AccessTokenFailure, description: string): AccessTokenResult => ({ ok: false, reason, description });

// jose caches imported keys per local key set; building the set per call would
// re-import on every introspection. Keyed by content, so a rotated JWKS simply
// gets a new entry; the cap keeps a long-lived process from accumulating sets.
const keySets = new Map<string, ReturnType<typeof createLocalJWKSet>>();
function keySetFor(jwks: { keys: JWK[] }): ReturnType<typeof createLocalJWKSet> {
  const id = JSON.stringify(jwks.keys);
  let set = keySets.get(id);
  if (!set) {
    if (keySets.size >= 8) keySets.clear();
    set = createLocalJWKSet(jwks);
    keySets.set(id, set);
  }
  return set;
}

const isAtJwt = (typ: unknown) => typeof typ === "string" && ["at+jwt", "application/at+jwt"].includes(typ.toLowerCase());

export async function verifyAccessToken(token: string, opts: VerifyAccessTokenOptions): Promise<AccessTokenResult> {
  if (!looksLikeCompactJws(token)) return fail("malformed", "the access token is not a signed JWT in compact serialization");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail("malformed", "the access token header is not base64url-encoded JSON");
  }
  if (header.alg !== "EdDSA") return fail("alg_not_allowed", "the access token must be signed with EdDSA");
  if (!isAtJwt(header.typ)) return fail("wrong_typ", 'the access token typ must be "at+jwt"');
  // Every token Mandate signs names its key; without a kid a rotated set would be guesswork.
  if (typeof header.kid !== "string") return fail("unknown_key", "the access token does not name its signing key (kid)");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySetFor(opts.keys), {
      algorithms: ["EdDSA"],
      typ: "at+jwt",
      issuer: opts.issuer,
      ...(opts.audience !== undefined && { audience: opts.audience }),
      currentDate: opts.now,
      clockTolerance: opts.clockSkewSeconds ?? 0,
      requiredClaims: ["exp", "iat", "jti", "sub"],
    }));
  } catch (e) {
    return verificationFailure(e);
  }
  if (!hasAccessTokenShape(payload)) return fail("invalid_claims", "the access token does not carry Mandate's claims");
  if (opts.audience !== undefined && payload.aud !== opts.audience) return fail("wrong_audience", "the access token is for a different audience");
  return { ok: true, claims: payload };
}

/** jose's errors carry the token's payload; only fixed wording leaves here. */
function verificationFailure(e: unknown): AccessTokenResult {
  if (e instanceof errors.JWKSNoMatchingKey) return fail("unknown_key", "the access token was not signed by any of Mandate's current keys");
  if (e instanceof errors.JWSSignatureVerificationFailed) return fail("signature_invalid", "the access token signature is invalid");
  if (e instanceof errors.JWTExpired) return fail("expired", "the access token has expired");
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "iss") return fail("wrong_issuer", "the access token was not issued by this server");
    if (e.claim === "aud") return fail("wrong_audience", "the access token is for a different audience");
    if (e.claim === "nbf") return fail("not_yet_valid", "the access token is not valid yet");
    return fail("invalid_claims", "the access token does not carry Mandate's claims");
  }
  return fail("malformed", "the access token is not a well-formed signed JWT");
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isAuthorizationDetail(v: unknown): v is AuthorizationDetail {
  if (typeof v !== "object" || v === null) return false;
  const d = v as Record<string, unknown>;
  return (
    d.type === "agent_task" &&
    isStringArray(d.locations) &&
    isStringArray(d.actions) &&
    typeof d.intent === "string" &&
    (d.identifier === undefined || typeof d.identifier === "string") &&
    (d.task_id === undefined || typeof d.task_id === "string")
  );
}

function isActorClaim(v: unknown, depth = 0): v is ActorClaim {
  if (depth > 32 || typeof v !== "object" || v === null) return false;
  const a = v as Record<string, unknown>;
  return isString(a.sub) && (a.act === undefined || isActorClaim(a.act, depth + 1));
}

function hasAccessTokenShape(p: JWTPayload): p is AccessTokenClaims {
  const cnf = p.cnf as Record<string, unknown> | undefined;
  return (
    isString(p.iss) &&
    isString(p.sub) &&
    isString(p.aud) &&
    typeof p.exp === "number" &&
    typeof p.iat === "number" &&
    isString(p.jti) &&
    isString(p.client_id) &&
    isString(p.task_id) &&
    Array.isArray(p.authorization_details) &&
    p.authorization_details.every(isAuthorizationDetail) &&
    (cnf === undefined || (typeof cnf === "object" && cnf !== null && isString(cnf.jkt))) &&
    (p.act === undefined || isActorClaim(p.act))
  );
}
