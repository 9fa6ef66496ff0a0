// Authenticating a signal provider, for either form of POST /api/v1/signals:
//   - a Security Event Token (Content-Type: application/secevent+jwt): the SET
//     itself is signed by the provider's registered key: `typ` secevent+jwt,
//     `iss` = the provider's id, `aud` = the signals URL, `iat` at most five
//     minutes old (and not ahead), a `jti` claimed once;
//   - the JSON form: `Authorization: Bearer <assertion>` — a private_key_jwt
//     assertion (iss = sub = the provider's id, aud = the signals URL, exp at
//     most five minutes ahead, jti claimed once), exactly as resource servers use.
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWK } from "jose";
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { verifyClientAssertion } from "@/lib/jose/client-assertion";
import { importPublicKey, isAgentAlgorithm, keyFitsAlgorithm, looksLikeCompactJws, MAX_JTI_LENGTH } from "@/lib/jose/keys";
import type { Db } from "@/lib/db/client";
import type { PublicJwks } from "@/lib/domain/jwks";
import { looksLikeMandateId } from "../broker/authenticate-client";

export type AuthenticatedProvider = { id: string; name: string; jti: string; exp: Date; events?: unknown };

const MAX_SET_AGE_SECONDS = 300;
const SKEW = 30;

async function providerKeys(db: Db, id: string) {
  if (!looksLikeMandateId(id)) return null;
  const p = await db.signalProvider.findUnique({ where: { id }, select: { id: true, name: true, jwks: true } });
  return p ? { id: p.id, name: p.name, keys: (JSON.parse(p.jwks) as PublicJwks).keys as JWK[] } : null;
}

const refuse = (why: string) => new OAuthError("invalid_client", `signal refused: ${why}`);

export async function authenticateSet(db: Db, set: string, now: Date): Promise<AuthenticatedProvider> {
  if (!looksLikeCompactJws(set)) throw refuse("the body must be one compact JWS (a Security Event Token)");
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(set);
    claims = decodeJwt(set);
  } catch {
    throw refuse("the SET is not a JWT");
  }
  if (!isAgentAlgorithm(header.alg)) throw refuse("alg must be EdDSA or ES256");
  if (header.typ !== "secevent+jwt") throw refuse('typ must be "secevent+jwt" (RFC 8417 §2.3)');
  if (typeof claims.iss !== "string") throw refuse("iss must be the provider's id");
  const provider = await providerKeys(db, claims.iss);
  if (!provider) throw refuse("unknown provider");
  const alg = header.alg;
  const candidates = provider.keys.filter((k) => (header.kid === undefined || k.kid === header.kid) && keyFitsAlgorithm(k, alg));
  if (candidates.length === 0) throw refuse("no registered key of this provider fits the SET's kid and alg");
  for (const jwk of candidates) {
    try {
      const { payload } = await jwtVerify(set, await importPublicKey(jwk, alg), {
        algorithms: [alg],
        typ: "secevent+jwt",
        issuer: provider.id,
        audience: env().broker.signalsEndpoint,
        currentDate: now,
        clockTolerance: SKEW,
        maxTokenAge: MAX_SET_AGE_SECONDS,
        requiredClaims: ["iat", "jti"],
      });
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if ((payload.iat as number) - nowSeconds > SKEW) throw refuse("iat is in the future");
      const jti = payload.jti as string;
      if (jti.length > MAX_JTI_LENGTH) throw refuse("jti is too long");
      return { id: provider.id, name: provider.name, jti, exp: new Date(((payload.iat as number) + MAX_SET_AGE_SECONDS + SKEW) * 1000), events: payload.events };
    } catch (e) {
      if (e instanceof OAuthError) throw e;
      if (e instanceof errors.JWSSignatureVerificationFailed) continue;
      if (e instanceof errors.JWTClaimValidationFailed) throw refuse(`claim ${e.claim} is not acceptable (aud must be ${env().broker.signalsEndpoint}; iat at most ${MAX_SET_AGE_SECONDS} s old)`);
      if (e instanceof errors.JWTExpired) throw refuse("the SET has expired");
      throw refuse("the SET could not be verified");
    }
  }
  throw refuse("the signature does not verify with any key registered for this provider");
}

export async function authenticateSignalBearer(db: Db, authorization: string | null, now: Date): Promise<AuthenticatedProvider> {
  const m = authorization?.match(/^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/);
  if (!m) throw refuse("send Authorization: Bearer <a JWT signed by the provider's registered key, aud = the signals URL>, or a signed SET");
  const found: { p?: { id: string; name: string } | null } = {};
  const r = await verifyClientAssertion(m[1], {
    now,
    audiences: [env().broker.signalsEndpoint],
    maxLifetimeSeconds: env().broker.assertionMaxLifetimeSeconds,
    resolveKeys: async (id) => {
      const p = await providerKeys(db, id);
      found.p = p;
      return p ? { keys: p.keys } : null;
    },
  });
  if (!r.ok) throw refuse(`${r.reason}: ${r.description.replace(/client_assertion/g, "the assertion")}`);
  if (!found.p || found.p.id !== r.clientId) throw refuse("unknown provider");
  return { id: found.p.id, name: found.p.name, jti: r.jti, exp: new Date(r.exp * 1000) };
}
