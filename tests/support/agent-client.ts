// A test agent that speaks the broker protocol with real keys: client
// assertions (private_key_jwt), DPoP proofs, and form-encoded calls to the
// route handlers. Also a test resource server for introspection.
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, calculateJwkThumbprint, type JWK, type CryptoKey } from "jose";
import { createHash } from "node:crypto";
import * as tokenRoute from "@/app/api/oauth/token/route";
import * as introspectRoute from "@/app/api/oauth/introspect/route";
import * as revokeRoute from "@/app/api/oauth/revoke/route";
import * as completeRoute from "@/app/api/v1/tasks/[id]/complete/route";

export const ISSUER = "http://localhost:3000";
export const TOKEN_ENDPOINT = `${ISSUER}/api/oauth/token`;

export type KeyPair = { privateKey: CryptoKey; publicJwk: JWK; alg: "EdDSA" | "ES256"; kid: string };

export async function newKeyPair(alg: "EdDSA" | "ES256" = "EdDSA"): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicJwk: { ...publicJwk, kid, alg, use: "sig" }, alg, kid };
}

export async function clientAssertion(clientId: string, key: KeyPair, opts: { aud?: string | string[]; exp?: number; iat?: number; jti?: string; kid?: string | null; iss?: string; sub?: string; claims?: Record<string, unknown> } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: key.alg, typ: "JWT" };
  if (opts.kid !== null) header.kid = opts.kid ?? key.kid;
  return new SignJWT(opts.claims ?? {})
    .setProtectedHeader(header as never)
    .setIssuer(opts.iss ?? clientId)
    .setSubject(opts.sub ?? clientId)
    .setAudience(opts.aud ?? TOKEN_ENDPOINT)
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 60)
    .setJti(opts.jti ?? randomUUID())
    .sign(key.privateKey);
}

export async function dpopProof(key: KeyPair, opts: { htm?: string; htu?: string; accessToken?: string; iat?: number; jti?: string } = {}) {
  const payload: Record<string, unknown> = { htm: opts.htm ?? "POST", htu: opts.htu ?? TOKEN_ENDPOINT };
  if (opts.accessToken) payload.ath = createHash("sha256").update(opts.accessToken).digest("base64url");
  const { kid: _kid, alg: _alg, use: _use, ...jwk } = key.publicJwk;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, typ: "dpop+jwt", jwk } as never)
    .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
    .setJti(opts.jti ?? randomUUID())
    .sign(key.privateKey);
}

export async function postForm(handler: (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, form: Record<string, string>, headers: Record<string, string> = {}, params?: Record<string, string>) {
  const req = new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form).toString() });
  const res = await handler(req, { params: Promise.resolve(params ?? {}) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export type Detail = { type?: string; locations: string[]; actions: string[]; identifier?: string; intent: string; task_id?: string };

export function detail(d: Partial<Detail> = {}): Detail {
  return { type: "agent_task", locations: ["https://billing.internal"], actions: ["read"], identifier: "invoices/2026-11", intent: "Reconcile November invoices", ...d };
}

/** A registered agent as seen from outside: its id and private key. */
export class TestAgent {
  constructor(readonly id: string, readonly key: KeyPair, readonly dpopKey?: KeyPair) {}

  async token(details: Detail[] | string, opts: { dpop?: boolean; expiresIn?: number; extra?: Record<string, string>; assertion?: string; headers?: Record<string, string> } = {}) {
    const form: Record<string, string> = {
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: opts.assertion ?? (await clientAssertion(this.id, this.key)),
      authorization_details: typeof details === "string" ? details : JSON.stringify(details),
      ...(opts.expiresIn ? { expires_in: String(opts.expiresIn) } : {}),
      ...(opts.extra ?? {}),
    };
    const headers = { ...(opts.headers ?? {}) };
    if ((opts.dpop ?? !!this.dpopKey) && this.dpopKey) headers.dpop = await dpopProof(this.dpopKey);
    return postForm(tokenRoute.POST, TOKEN_ENDPOINT, form, headers);
  }

  async poll(authReqId: string, opts: { dpop?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if ((opts.dpop ?? !!this.dpopKey) && this.dpopKey) headers.dpop = await dpopProof(this.dpopKey);
    return postForm(tokenRoute.POST, TOKEN_ENDPOINT, { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: authReqId, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: await clientAssertion(this.id, this.key) }, headers);
  }

  async exchange(subjectToken: string, details?: Detail[], opts: { dpop?: boolean; expiresIn?: number } = {}) {
    const form: Record<string, string> = {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: subjectToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await clientAssertion(this.id, this.key),
      ...(details ? { authorization_details: JSON.stringify(details) } : {}),
      ...(opts.expiresIn ? { expires_in: String(opts.expiresIn) } : {}),
    };
    const headers: Record<string, string> = {};
    if ((opts.dpop ?? !!this.dpopKey) && this.dpopKey) headers.dpop = await dpopProof(this.dpopKey);
    return postForm(tokenRoute.POST, TOKEN_ENDPOINT, form, headers);
  }

  async revoke(token: string) {
    return postForm(revokeRoute.POST, `${ISSUER}/api/oauth/revoke`, { token, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: await clientAssertion(this.id, this.key) });
  }

  async complete(taskId: string, status: "succeeded" | "failed") {
    return postForm(completeRoute.POST, `${ISSUER}/api/v1/tasks/${taskId}/complete`, { status, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: await clientAssertion(this.id, this.key) }, {}, { id: taskId });
  }
}

export class TestResource {
  constructor(readonly id: string, readonly key: KeyPair) {}
  async introspect(token: string) {
    const assertion = await clientAssertion(this.id, this.key, { aud: `${ISSUER}/api/oauth/introspect` });
    return postForm(introspectRoute.POST, `${ISSUER}/api/oauth/introspect`, { token, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion });
  }
}
