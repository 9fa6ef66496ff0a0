// The two signed proofs an agent sends: a private_key_jwt client assertion
// (RFC 7523) with every authenticated call, and a DPoP proof (RFC 9449) that
// binds a token to a key the agent holds — at the token endpoint, and again
// with every call to a resource server (then with `ath`, the token's hash).
import { createHash, randomUUID } from "node:crypto";
import { SignJWT, calculateJwkThumbprint } from "jose";
import { publicMembers, type AgentKey } from "./keys.ts";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * A single-use client assertion: iss = sub = the client id, a fresh jti, 60 s
 * of life (Mandate accepts at most 300), aud = the endpoint it is sent to.
 * `instance_id` names the workload instance (pod, container, VM) sending it:
 * credentials minted with it die when a signal provider reports that instance restarted.
 */
export function createClientAssertion(clientId: string, key: AgentKey, audience: string, nowSeconds = Math.floor(Date.now() / 1000), claims: { instance_id?: string } = {}): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 60)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** base64url(SHA-256(access token)): the `ath` claim of a DPoP proof sent with that token. */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest("base64url");
}

/** The RFC 7638 thumbprint that a token bound to this key carries as cnf.jkt. */
export function thumbprintOf(key: AgentKey): Promise<string> {
  return calculateJwkThumbprint(publicMembers(key.publicJwk));
}

/**
 * A DPoP proof for one HTTP request. `url` is the request URL; its query and
 * fragment are not part of htu (RFC 9449 §4.2).
 */
export function createDpopProof(key: AgentKey, method: string, url: string, accessToken?: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  const u = new URL(url);
  const htu = `${u.origin}${u.pathname}`;
  return new SignJWT({ htm: method.toUpperCase(), htu, ...(accessToken ? { ath: accessTokenHash(accessToken) } : {}) })
    .setProtectedHeader({ alg: key.alg, typ: "dpop+jwt", jwk: publicMembers(key.publicJwk) })
    .setIssuedAt(nowSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
