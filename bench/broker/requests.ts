// Real broker requests for the benchmark, signed before the timed section:
// one client assertion (fresh jti) and one DPoP proof (fresh jti, fresh iat)
// per token request, and a resource server's client assertion for
// introspection. Signing ~2 signatures per request in the load generator
// would take CPU from the server it measures on a 2-core machine, so every
// batch is prepared just before it is sent (DPoP proofs are accepted for 60 s).
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { BenchSeed } from "./seed";

export type PreparedRequest = { path: string; body: string; headers: Record<string, string>; method?: "GET" | "POST" };
export type BenchAgent = { id: string; kid: string; key: CryptoKey; dpop: { key: CryptoKey; jwk: JWK } };
export type BenchResource = { id: string; kid: string; key: CryptoKey };

export const TOKEN_PATH = "/api/oauth/token";
export const INTROSPECT_PATH = "/api/oauth/introspect";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export async function loadAgents(seed: BenchSeed): Promise<BenchAgent[]> {
  return Promise.all(
    seed.agents.map(async (a) => {
      const dpop = await generateKeyPair("EdDSA");
      const { kty, crv, x } = await exportJWK(dpop.publicKey);
      return { id: a.id, kid: a.kid, key: (await importJWK(a.privateJwk, "EdDSA")) as CryptoKey, dpop: { key: dpop.privateKey, jwk: { kty, crv, x } } };
    }),
  );
}

export async function loadResource(seed: BenchSeed): Promise<BenchResource> {
  return { id: seed.resource.id, kid: seed.resource.kid, key: (await importJWK(seed.resource.privateJwk, "EdDSA")) as CryptoKey };
}

export function clientAssertion(clientId: string, kid: string, key: CryptoKey, audience: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .setJti(randomUUID())
    .sign(key);
}

function dpopProof(agent: BenchAgent, htu: string): Promise<string> {
  return new SignJWT({ htm: "POST", htu })
    .setProtectedHeader({ alg: "EdDSA", typ: "dpop+jwt", jwk: agent.dpop.jwk })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(agent.dpop.key);
}

/** The intent every benchmark request declares: a read within the agents' ceiling (policy allows it). */
export function benchDetails(audience: string): string {
  return JSON.stringify([{ type: "agent_task", locations: [audience], actions: ["read"], identifier: "bench/ledger", intent: "Benchmark: read the ledger" }]);
}

/** `n` client_credentials requests, round-robin over the agents, each with its own assertion and DPoP proof. */
export async function tokenRequests(agents: BenchAgent[], baseUrl: string, audience: string, n: number, offset = 0): Promise<PreparedRequest[]> {
  const endpoint = `${baseUrl}${TOKEN_PATH}`;
  const details = benchDetails(audience);
  const out: PreparedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const agent = agents[(offset + i) % agents.length];
    const [assertion, proof] = await Promise.all([clientAssertion(agent.id, agent.kid, agent.key, endpoint), dpopProof(agent, endpoint)]);
    const body = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: assertion, authorization_details: details }).toString();
    out.push({ path: TOKEN_PATH, body, headers: { "content-type": "application/x-www-form-urlencoded", dpop: proof } });
  }
  return out;
}

/**
 * `n` introspection calls over the given tokens. A resource server keeps its
 * client assertion for a while (Mandate remembers a verified one until it
 * expires), so a pool of `assertions` real assertions is shared round-robin —
 * one per connection, as a resource server with that many workers would.
 */
export async function introspectionRequests(resource: BenchResource, baseUrl: string, tokens: string[], n: number, assertions: number): Promise<PreparedRequest[]> {
  if (tokens.length === 0) throw new Error("no access tokens to introspect");
  const pool = await Promise.all(Array.from({ length: assertions }, () => clientAssertion(resource.id, resource.kid, resource.key, `${baseUrl}${INTROSPECT_PATH}`)));
  return Array.from({ length: n }, (_, i) => ({
    path: INTROSPECT_PATH,
    body: new URLSearchParams({ token: tokens[i % tokens.length], client_assertion_type: JWT_BEARER, client_assertion: pool[i % pool.length] }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }));
}

/**
 * Floors, before any broker work: GET of the authorization server metadata (a
 * constant JSON document, answered by the broker's own listener, as the token
 * and introspection endpoints are) and GET /api/health (answered by Next.js:
 * the framework's cost per request plus a `SELECT 1`).
 */
export function floorRequests(n: number, path: "/.well-known/oauth-authorization-server" | "/api/health"): PreparedRequest[] {
  return Array.from({ length: n }, () => ({ method: "GET" as const, path, body: "", headers: {} }));
}
