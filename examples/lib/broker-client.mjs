// The broker protocol from an agent's side, with nothing but `jose`:
// private_key_jwt client assertions (RFC 7523), DPoP proofs (RFC 9449) and
// form-encoded calls to the token, task-completion and introspection
// endpoints. Shared by connect-agent.mjs and resource-server.mjs.
import { createHash, randomUUID } from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from "jose";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

/** An Ed25519 key pair, its public JWK (kid = RFC 7638 thumbprint) and private JWK. */
export async function newEd25519Key() {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const meta = { kid, alg: "EdDSA", use: "sig" };
  return { privateKey, publicJwk: { ...pub, ...meta }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

/** Loads a private JWK written by newEd25519Key (e.g. from the agent's key file). */
export async function loadKey(privateJwk) {
  const { d: _private, ...pub } = privateJwk;
  return { privateKey: await importJWK(privateJwk, "EdDSA"), publicJwk: pub, privateJwk };
}

/**
 * A fresh client assertion for every request: its jti is single-use, and it
 * lives 60 s (the broker accepts at most 300).
 */
export function clientAssertion(clientId, key, audience) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "EdDSA", kid: key.publicJwk.kid, typ: "JWT" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/**
 * A DPoP proof for one request: the public key rides in the header; the token
 * gets bound to its thumbprint. Sent with an access token (to a resource
 * server), the proof also carries `ath`, the token's SHA-256.
 */
export function dpopProof(key, method, url, accessToken) {
  const { kid: _kid, alg: _alg, use: _use, ...jwk } = key.publicJwk;
  const ath = accessToken ? { ath: createHash("sha256").update(accessToken).digest("base64url") } : {};
  return new SignJWT({ htm: method, htu: url, ...ath })
    .setProtectedHeader({ alg: "EdDSA", typ: "dpop+jwt", jwk })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** POSTs a form; answers { status, body } with the JSON body (or null). */
export async function postForm(url, form, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { error: "not_json", error_description: text.slice(0, 200) };
  }
  return { status: response.status, body };
}

/** An agent: its client id, its registered key, its (ephemeral) DPoP key, and the broker's metadata. */
export class BrokerAgent {
  constructor({ clientId, key, dpopKey, metadata }) {
    Object.assign(this, { clientId, key, dpopKey, metadata });
  }

  async #authenticated(url, form, { dpop } = { dpop: true }) {
    const headers = dpop && this.dpopKey ? { dpop: await dpopProof(this.dpopKey, "POST", url) } : {};
    const assertion = await clientAssertion(this.clientId, this.key, this.metadata.token_endpoint);
    return postForm(url, { ...form, client_assertion_type: JWT_BEARER, client_assertion: assertion }, headers);
  }

  /** grant_type=client_credentials with one agent_task intent. */
  requestCredential(detail, { expiresIn } = {}) {
    return this.#authenticated(this.metadata.token_endpoint, {
      grant_type: "client_credentials",
      authorization_details: JSON.stringify([{ type: "agent_task", ...detail }]),
      ...(expiresIn ? { expires_in: String(expiresIn) } : {}),
    });
  }

  /** One CIBA poll for a pending step-up (same DPoP key as the original request). */
  poll(authReqId) {
    return this.#authenticated(this.metadata.token_endpoint, { grant_type: CIBA_GRANT, auth_req_id: authReqId });
  }

  /** Calls a protected resource with a DPoP-bound token: `Authorization: DPoP <token>` and a proof for this exact request. */
  async callResource(method, url, accessToken) {
    const response = await fetch(url, { method, headers: { authorization: `DPoP ${accessToken}`, dpop: await dpopProof(this.dpopKey, method, url, accessToken) } });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  /** Reports the task's end; the broker revokes every credential of it. */
  completeTask(taskId, status = "succeeded") {
    return this.#authenticated(`${this.metadata.issuer}/api/v1/tasks/${encodeURIComponent(taskId)}/complete`, { status }, { dpop: false });
  }

  /**
   * Polls until the step-up is decided, waiting `interval` seconds between
   * polls and longer whenever the broker answers slow_down.
   */
  async waitForApproval(stepUp, { onWait = () => {}, deadlineMs = Date.now() + stepUp.expires_in * 1000 } = {}) {
    let interval = stepUp.interval ?? 5;
    for (;;) {
      if (Date.now() > deadlineMs) return { status: 400, body: { error: "expired_token", error_description: "gave up waiting" } };
      onWait(stepUp.auth_req_id, interval);
      // A little over the interval: polling early earns slow_down and a longer interval.
      await new Promise((resolve) => setTimeout(resolve, interval * 1000 + 250));
      const answer = await this.poll(stepUp.auth_req_id);
      if (answer.status === 200) return answer;
      if (answer.body?.error === "authorization_pending") continue;
      if (answer.body?.error === "slow_down") {
        interval = answer.body.interval ?? interval + 5;
        continue;
      }
      return answer; // access_denied, expired_token, invalid_grant …
    }
  }
}

/** RFC 8414 discovery: the endpoints and the issuer as the server itself names them. */
export async function discover(baseUrl) {
  const response = await fetch(`${baseUrl}/.well-known/oauth-authorization-server`);
  if (!response.ok) throw new Error(`discovery failed: ${response.status} from ${baseUrl}`);
  return response.json();
}
