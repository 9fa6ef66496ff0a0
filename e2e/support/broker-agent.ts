// A real agent and a real resource server, from the outside: Ed25519 keys
// made with jose, client assertions (private_key_jwt), DPoP proofs, and
// form-encoded calls over HTTP to the running server — no shortcut into the
// application's code.
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { BASE_URL } from "./accounts";

export const TOKEN_ENDPOINT = `${BASE_URL}/api/oauth/token`;
export const INTROSPECTION_ENDPOINT = `${BASE_URL}/api/oauth/introspect`;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type Key = { privateKey: CryptoKey; publicJwk: JWK & { kid: string } };
export type BrokerAnswer = { status: number; body: Record<string, any> };
export type AgentTask = { locations: string[]; actions: string[]; identifier?: string; intent: string; task_id?: string };

export async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicJwk: { ...jwk, kid, alg: "EdDSA", use: "sig" } };
}

/** The RFC 7638 thumbprint the broker puts in cnf.jkt for this DPoP key. */
export const thumbprintOf = (key: Key) => calculateJwkThumbprint({ kty: key.publicJwk.kty, crv: key.publicJwk.crv, x: key.publicJwk.x });

export function clientAssertion(clientId: string, key: Key, audience = TOKEN_ENDPOINT): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "EdDSA", kid: key.publicJwk.kid, typ: "JWT" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("60s")
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export function dpopProof(key: Key, htu: string): Promise<string> {
  const { kty, crv, x } = key.publicJwk;
  return new SignJWT({ htm: "POST", htu })
    .setProtectedHeader({ alg: "EdDSA", typ: "dpop+jwt", jwk: { kty, crv, x } })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(key.privateKey);
}

async function postForm(request: APIRequestContext, url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<BrokerAnswer> {
  const response = await request.post(url, { form, headers });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : {} };
}

export class Agent {
  constructor(
    private readonly request: APIRequestContext,
    readonly id: string,
    readonly key: Key,
    readonly dpopKey: Key,
  ) {}

  private async call(url: string, form: Record<string, string>, withDpop = true): Promise<BrokerAnswer> {
    const headers: Record<string, string> = withDpop ? { DPoP: await dpopProof(this.dpopKey, url) } : {};
    return postForm(this.request, url, { ...form, client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(this.id, this.key) }, headers);
  }

  requestCredential(detail: AgentTask, expiresIn?: number): Promise<BrokerAnswer> {
    return this.call(TOKEN_ENDPOINT, {
      grant_type: "client_credentials",
      authorization_details: JSON.stringify([{ type: "agent_task", ...detail }]),
      ...(expiresIn ? { expires_in: String(expiresIn) } : {}),
    });
  }

  poll(authReqId: string): Promise<BrokerAnswer> {
    return this.call(TOKEN_ENDPOINT, { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: authReqId });
  }

  completeTask(taskId: string, status: "succeeded" | "failed"): Promise<BrokerAnswer> {
    return this.call(`${BASE_URL}/api/v1/tasks/${taskId}/complete`, { status }, false);
  }
}

/** A protected resource asking the broker about tokens presented to it, authenticated with its own key. */
export class ResourceServer {
  constructor(
    private readonly request: APIRequestContext,
    readonly id: string,
    readonly key: Key,
  ) {}

  async introspect(token: string): Promise<BrokerAnswer> {
    const assertion = await clientAssertion(this.id, this.key, INTROSPECTION_ENDPOINT);
    return postForm(this.request, INTROSPECTION_ENDPOINT, { token, client_assertion_type: JWT_BEARER, client_assertion: assertion });
  }
}
