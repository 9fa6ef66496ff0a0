// RFC 7523 `private_key_jwt`: an agent proves who it is with a short JWT signed
// by its registered private key. Everything that can be refused without a key
// (shape, algorithm, issuer) is refused before the key lookup, so a malformed
// or downgraded assertion never costs a database read. Keys embedded in the
// header (`jwk`, `jku`, `x5u`, `x5c`) are never looked at: the only keys that
// count are the ones registered for the agent.
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type importJWK, type JWK } from "jose";
import { importPublicKey, isAgentAlgorithm, keyFitsAlgorithm, looksLikeCompactJws, MAX_JTI_LENGTH, type AgentAlgorithm } from "./keys";

export type AssertionFailure =
  | "malformed"
  | "alg_none"
  | "alg_not_allowed"
  | "missing_iss_or_sub"
  | "iss_sub_mismatch"
  | "unknown_client"
  | "unknown_kid"
  | "no_matching_key"
  | "signature_invalid"
  | "missing_exp"
  | "expired"
  | "lifetime_too_long"
  | "issued_in_future"
  | "not_yet_valid"
  | "wrong_audience"
  | "missing_jti"
  | "jti_too_long";

export type ClientAssertionResult =
  | { ok: true; clientId: string; jti: string; exp: number; iat?: number; kid?: string; instanceId?: string }
  | { ok: false; reason: AssertionFailure; description: string };

export type VerifyClientAssertionOptions = {
  now: Date;
  /** Accepted `aud` values: the token endpoint URL and the issuer. */
  audiences: string[];
  /** The agent's registered public keys, or null when there is no such agent. */
  resolveKeys: (clientId: string) => Promise<{ keys: JWK[] } | null>;
  maxLifetimeSeconds?: number;
  clockSkewSeconds?: number;
};

const INSTANCE_ID = /^[A-Za-z0-9._:/@-]{1,200}$/;

type Refusal = Extract<ClientAssertionResult, { ok: false }>;
const fail = (reason: AssertionFailure, description: string): Refusal => ({ ok: false, reason, description });

/**
 * Verifies a client assertion. Never throws for anything the client sent; a
 * failing `resolveKeys` (database down) does propagate, so the caller answers
 * 500 instead of blaming the client — either way no credential is issued.
 */
export async function verifyClientAssertion(assertion: string, opts: VerifyClientAssertionOptions): Promise<ClientAssertionResult> {
  const maxLifetime = opts.maxLifetimeSeconds ?? 300;
  const skew = opts.clockSkewSeconds ?? 30;

  if (!looksLikeCompactJws(assertion)) {
    return fail("malformed", "client_assertion must be a signed JWT in compact serialization (header.payload.signature)");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    // Decoded unverified only to learn whose keys to try; nothing else is trusted before the signature.
    claims = decodeJwt(assertion);
  } catch {
    return fail("malformed", "client_assertion is not a JWT: its header or payload is not base64url-encoded JSON");
  }

  const alg = header.alg;
  if (typeof alg === "string" && alg.toLowerCase() === "none") {
    return fail("alg_none", 'client_assertion is unsigned (alg "none"): sign it with the agent\'s registered private key (EdDSA or ES256)');
  }
  if (!isAgentAlgorithm(alg)) {
    const hint = typeof alg === "string" && /^HS/i.test(alg) ? " — shared-secret (HMAC) signatures are not accepted" : "";
    return fail("alg_not_allowed", `client_assertion alg must be EdDSA or ES256${hint}`);
  }

  if (header.kid !== undefined && typeof header.kid !== "string") return fail("malformed", "client_assertion kid must be a string");

  const { iss, sub } = claims;
  if (typeof iss !== "string" || iss === "" || typeof sub !== "string" || sub === "") {
    return fail("missing_iss_or_sub", "client_assertion must carry iss and sub, both set to the agent's client id");
  }
  if (iss !== sub) return fail("iss_sub_mismatch", "client_assertion iss and sub must both be the agent's client id");

  const registered = await opts.resolveKeys(iss);
  if (!registered) return fail("unknown_client", "no active agent is registered with this client id");

  const kid = header.kid;
  const withKid = kid === undefined ? registered.keys : registered.keys.filter((k) => k.kid === kid);
  if (withKid.length === 0) return fail("unknown_kid", "the assertion's kid does not name any key registered for this agent");
  const candidates = withKid.filter((k) => keyFitsAlgorithm(k, alg));
  if (candidates.length === 0) {
    return fail("no_matching_key", `no key registered for this agent${kid === undefined ? "" : " under this kid"} can verify ${alg} signatures`);
  }

  for (const candidate of candidates) {
    const outcome = await verifyWith(assertion, candidate, alg, opts, skew);
    if (outcome === "bad_signature") continue; // without a kid, the next key may be the one
    if (!outcome.ok) return outcome;
    return checkLifetime(outcome.payload, opts.now, maxLifetime, skew, iss, candidate.kid);
  }
  return fail("signature_invalid", "the signature does not verify with any key registered for this agent");
}

type Verified = { ok: true; payload: Awaited<ReturnType<typeof jwtVerify>>["payload"] };

async function verifyWith(
  assertion: string,
  jwk: JWK,
  alg: AgentAlgorithm,
  opts: VerifyClientAssertionOptions,
  skew: number,
): Promise<Verified | Refusal | "bad_signature"> {
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importPublicKey(jwk, alg);
  } catch {
    return "bad_signature"; // an unusable stored key verifies nothing
  }
  try {
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: [alg],
      currentDate: opts.now,
      clockTolerance: skew,
      audience: opts.audiences,
      requiredClaims: ["exp", "jti"],
    });
    return { ok: true, payload };
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
    return claimFailure(e);
  }
}

/** jose's claim errors carry the payload; only our own fixed wording leaves this module. */
function claimFailure(e: unknown): Refusal {
  if (e instanceof errors.JWTExpired) return fail("expired", "client_assertion has expired: mint a fresh one for each request");
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "exp") return fail("missing_exp", "client_assertion must carry a numeric exp (at most 5 minutes ahead)");
    if (e.claim === "jti") return fail("missing_jti", "client_assertion must carry a unique jti");
    if (e.claim === "nbf") return fail("not_yet_valid", "client_assertion is not valid yet (nbf is in the future)");
    if (e.claim === "aud") return fail("wrong_audience", "client_assertion aud must be this server's token endpoint URL or its issuer");
    if (e.claim === "iat") return fail("malformed", "client_assertion iat must be a number");
  }
  return fail("malformed", "client_assertion could not be verified: it is not a well-formed signed JWT");
}

function checkLifetime(
  payload: Verified["payload"],
  now: Date,
  maxLifetime: number,
  skew: number,
  clientId: string,
  kid: string | undefined,
): ClientAssertionResult {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = payload.exp as number; // required and type-checked by jwtVerify
  // Skew counts here too: an agent whose clock runs ahead mints exp = its now + 300.
  if (exp - nowSeconds > maxLifetime + skew) {
    return fail("lifetime_too_long", `client_assertion exp is too far ahead: at most ${maxLifetime} seconds are accepted`);
  }
  if (payload.iat !== undefined && payload.iat - nowSeconds > skew) {
    return fail("issued_in_future", "client_assertion iat is in the future: check the agent's clock");
  }
  const jti = payload.jti;
  if (typeof jti !== "string" || jti === "") return fail("missing_jti", "client_assertion must carry a unique jti");
  if (jti.length > MAX_JTI_LENGTH) return fail("jti_too_long", `client_assertion jti must be at most ${MAX_JTI_LENGTH} characters`);
  // The workload instance (pod, container, VM) the agent runs as: credentials are bound to it, and a
  // "workload instance restarted" signal revokes them by it. Optional; bounded and printable when given.
  const instanceId = payload.instance_id;
  if (instanceId !== undefined && !(typeof instanceId === "string" && INSTANCE_ID.test(instanceId))) {
    return fail("malformed", "client_assertion instance_id must be 1 to 200 printable characters (letters, digits and . _ : / @ -)");
  }
  return { ok: true, clientId, jti, exp, ...(payload.iat !== undefined && { iat: payload.iat }), ...(kid !== undefined && { kid }), ...(instanceId !== undefined && { instanceId }) };
}
