// RFC 7662 introspection for resource servers. A resource only learns about
// tokens of its own audience; for anything else — and for any token that is
// revoked, expired, of an ended task or of an agent that is no longer active —
// the answer is simply {active: false}.
//
// A token is recognised by the SHA-256 of its exact bytes, stored when it was
// issued: only a token Mandate signed can match, so a match needs no second
// signature verification (the most expensive step of an introspection), only
// the checks that its signing key is still published and it is alive. Tokens
// from before that hash was kept go through full verification.
import { decodeJwt } from "jose";
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { publishedKeys } from "@/lib/db/signing-key-store";
import { findCredentialForIntrospection } from "@/lib/db/broker-reads";
import { verifyAccessToken, type AccessTokenClaims } from "@/lib/jose/access-token";
import { hashJti, hashToken } from "@/lib/jose/digest";
import type { ServiceContext } from "../context";
import type { AuthenticatedResource } from "./authenticate-client";
import { recordFirstIntrospection } from "./record-introspection";

const INACTIVE = { active: false } as const;
let keysCache: { keys: Awaited<ReturnType<typeof publishedKeys>>; at: number } | undefined;

async function currentKeys(ctx: ServiceContext, now: Date) {
  // The JWKS changes only on rotation; a few seconds of caching keeps introspection cheap.
  if (!keysCache || now.getTime() - keysCache.at > 5_000 || now.getTime() < keysCache.at) keysCache = { keys: await publishedKeys(ctx.db, now), at: now.getTime() };
  return keysCache.keys;
}

/** Test hook: forget the cached JWKS (a test changed the signing keys). */
export function forgetIntrospectionKeys() {
  keysCache = undefined;
}

export async function introspectToken(ctx: ServiceContext, resource: AuthenticatedResource, token: string | undefined) {
  if (token === undefined || token === "") throw new OAuthError("invalid_request", "missing parameter token (RFC 7662 §2.1)");
  if (token.length > 8192) return INACTIVE;
  const now = ctx.now();
  const keys = await currentKeys(ctx, now);
  let c: AccessTokenClaims;
  let credential = await findCredentialForIntrospection(ctx.db, { tokenHash: hashToken(token) });
  if (credential) {
    if (!keys.keys.some((k) => k.kid === credential!.kid)) return INACTIVE;
    c = decodeJwt(token) as AccessTokenClaims;
    // exp is whole seconds (expiresAt may be up to a second later): what a local verifier would say.
    if (typeof c.exp !== "number" || c.exp * 1000 <= now.getTime()) return INACTIVE;
  } else {
    const verified = await verifyAccessToken(token, { now, issuer: env().broker.issuer, audience: resource.audience, keys });
    if (!verified.ok) return INACTIVE;
    c = verified.claims;
    credential = await findCredentialForIntrospection(ctx.db, { jtiHash: hashJti(c.jti) });
  }
  if (!credential || credential.revokedAt || credential.expiresAt <= now || credential.audience !== resource.audience) return INACTIVE;
  if (credential.task.status !== "RUNNING" || credential.agent.status !== "ACTIVE") return INACTIVE;
  if (!credential.firstIntrospectedAt) {
    await recordFirstIntrospection(ctx.db, { credentialId: credential.id, agentId: credential.agentId, resource, now, requestId: ctx.requestId });
  }
  return {
    active: true,
    iss: c.iss,
    sub: c.sub,
    aud: c.aud,
    client_id: c.client_id,
    exp: c.exp,
    iat: c.iat,
    jti: c.jti,
    token_type: credential.dpopJkt ? "DPoP" : "Bearer",
    authorization_details: c.authorization_details,
    task_id: c.task_id,
    ...(c.cnf ? { cnf: c.cnf } : {}),
    ...(c.act ? { act: c.act } : {}),
  };
}
