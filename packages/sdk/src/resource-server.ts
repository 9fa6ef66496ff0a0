// The resource server's side: accept a request only with a valid Mandate
// credential for this audience and action, bound (DPoP) to the key that
// signed this request's proof. Verify locally against Mandate's JWKS (no call
// per request, but blind to revocation), by introspection (sees revocation
// at once, one call per request), or both.
import { decodeProtectedHeader, importJWK, jwtVerify, calculateJwkThumbprint, type JWTPayload, type JWK } from "jose";
import type { IncomingMessage } from "node:http";
import { discover, postForm, type Fetch, type ServerMetadata } from "./http.ts";
import { JwksCache } from "./jwks-cache.ts";
import { importAgentKey, loadAgentKey, type AgentKey } from "./keys.ts";
import { JWT_BEARER_ASSERTION, accessTokenHash, createClientAssertion } from "./proofs.ts";
import type { AgentTaskDetail } from "./credential.ts";

/** Why a request was refused, ready to answer: status, OAuth error code, and the WWW-Authenticate header. */
export class TokenRefusal extends Error {
  override readonly name = "TokenRefusal";
  constructor(
    readonly status: 401 | 403 | 503,
    readonly error: "invalid_token" | "invalid_dpop_proof" | "insufficient_scope" | "temporarily_unavailable",
    description: string,
  ) {
    super(description);
  }
  get wwwAuthenticate(): string {
    return `DPoP error="${this.error}", error_description="${this.message.replace(/"/g, "'")}", algs="EdDSA ES256"`;
  }
  toJSON() {
    return { error: this.error, error_description: this.message };
  }
}

export type VerifiedToken = {
  claims: JWTPayload & { authorization_details?: AgentTaskDetail[]; task_id?: string; client_id?: string; cnf?: { jkt?: string }; act?: unknown };
  /** The agent the credential was issued to (for a delegated one: the original agent; client_id is the sub-agent). */
  agentId: string;
  clientId: string;
  taskId?: string;
  /** Whether the credential grants `action` on this verifier's audience. */
  grants(action: string): boolean;
};

export type VerifierOptions = {
  /** Mandate's base URL (its issuer). */
  url: string;
  /** This resource's audience: the location agents name in their intent. */
  audience: string;
  /** jwks (default): local signature checks; introspection: ask Mandate each time; both: local, then ask. */
  mode?: "jwks" | "introspection" | "both";
  /** For introspection: this resource's id in Mandate and its private key (loaded, JWK, or file path). */
  introspection?: { resourceId: string; key: AgentKey | JWK | string };
  /** Accept Bearer tokens that are not DPoP-bound (default false: DPoP only). */
  allowBearer?: boolean;
  /** Oldest DPoP proof accepted, in seconds (default 60). */
  dpopMaxAgeSeconds?: number;
  /** JWKS cache tuning (see JwksCache). */
  jwks?: { maxAgeMs?: number; cooldownMs?: number };
  /** Local revocation knowledge (subscribeRevocations): a token revoked since it was issued is refused without asking Mandate. */
  revocations?: { isRevoked(jti: string): boolean };
  fetch?: Fetch;
  metadata?: ServerMetadata;
  now?: () => number;
};

export type RequestToVerify = {
  method: string;
  /** The full URL the client called (its query is ignored, as in htu). */
  url: string;
  authorization?: string | null;
  dpop?: string | null;
  /** The verb this request needs, e.g. "read". */
  action: string;
};

const ALGS = ["EdDSA", "ES256"];

export class TokenVerifier {
  readonly #o: Required<Pick<VerifierOptions, "audience" | "mode" | "allowBearer" | "dpopMaxAgeSeconds">> & Pick<VerifierOptions, "revocations">;
  readonly #metadata: ServerMetadata;
  readonly #jwks: JwksCache;
  readonly #fetch: Fetch;
  readonly #now: () => number;
  readonly #resource?: { id: string; key: AgentKey };
  readonly #seenProofs = new Map<string, number>();

  private constructor(o: VerifierOptions, metadata: ServerMetadata, fetchImpl: Fetch, resource?: { id: string; key: AgentKey }) {
    this.#o = { audience: o.audience, mode: o.mode ?? "jwks", allowBearer: o.allowBearer ?? false, dpopMaxAgeSeconds: o.dpopMaxAgeSeconds ?? 60, revocations: o.revocations };
    this.#metadata = metadata;
    this.#fetch = fetchImpl;
    this.#now = o.now ?? Date.now;
    this.#jwks = new JwksCache(metadata.jwks_uri, { ...o.jwks, fetch: fetchImpl, now: this.#now });
    this.#resource = resource;
  }

  static async create(o: VerifierOptions): Promise<TokenVerifier> {
    const fetchImpl = o.fetch ?? ((input, init) => fetch(input, init));
    const mode = o.mode ?? "jwks";
    if (mode !== "jwks" && !o.introspection) throw new Error(`mode ${mode} needs introspection: { resourceId, key }`);
    let resource: { id: string; key: AgentKey } | undefined;
    if (o.introspection) {
      const k = o.introspection.key;
      resource = { id: o.introspection.resourceId, key: typeof k === "string" ? await loadAgentKey(k) : "privateKey" in k ? (k as AgentKey) : await importAgentKey(k as JWK) };
    }
    return new TokenVerifier(o, o.metadata ?? (await discover(o.url, fetchImpl)), fetchImpl, resource);
  }

  /** How many times the JWKS was fetched. */
  get jwksFetches(): number {
    return this.#jwks.fetches;
  }

  async #verifyLocally(token: string): Promise<VerifiedToken["claims"]> {
    try {
      const { payload } = await jwtVerify(token, this.#jwks.getKey, {
        issuer: this.#metadata.issuer,
        audience: this.#o.audience,
        typ: "at+jwt",
        algorithms: ALGS,
        currentDate: new Date(this.#now()),
      });
      return payload as VerifiedToken["claims"];
    } catch (e) {
      throw new TokenRefusal(401, "invalid_token", `the access token is not valid here (${(e as { code?: string }).code ?? "signature, issuer, audience or expiry"})`);
    }
  }

  /** RFC 7662, authenticated as this resource. Only tokens for this resource's audience come back active. */
  async introspect(token: string): Promise<Record<string, any>> {
    if (!this.#resource) throw new Error("introspection is not configured");
    const assertion = await createClientAssertion(this.#resource.id, this.#resource.key, this.#metadata.introspection_endpoint, Math.floor(this.#now() / 1000));
    let answer;
    try {
      answer = await postForm(this.#fetch, this.#metadata.introspection_endpoint, { token, client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: assertion });
    } catch {
      throw new TokenRefusal(503, "temporarily_unavailable", "Mandate could not be asked whether the token is active");
    }
    if (answer.status !== 200) throw new TokenRefusal(503, "temporarily_unavailable", `introspection was refused (${answer.body.error ?? answer.status})`);
    return answer.body;
  }

  async #verifyProof(proof: string | null | undefined, r: RequestToVerify, token: string, jkt: string): Promise<void> {
    if (!proof || proof.includes(",")) throw new TokenRefusal(401, "invalid_dpop_proof", "send exactly one DPoP proof");
    let header;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      throw new TokenRefusal(401, "invalid_dpop_proof", "the DPoP proof is not a JWT");
    }
    if (header.typ !== "dpop+jwt" || !ALGS.includes(String(header.alg)) || !header.jwk || "d" in header.jwk) {
      throw new TokenRefusal(401, "invalid_dpop_proof", "the proof must be a dpop+jwt signed with EdDSA or ES256 carrying its public jwk");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(proof, await importJWK(header.jwk, header.alg), { typ: "dpop+jwt", maxTokenAge: `${this.#o.dpopMaxAgeSeconds}s`, currentDate: new Date(this.#now()), clockTolerance: 5 }));
    } catch {
      throw new TokenRefusal(401, "invalid_dpop_proof", "the DPoP proof's signature or age is not acceptable");
    }
    const u = new URL(r.url);
    if (payload.htm !== r.method.toUpperCase() || payload.htu !== `${u.origin}${u.pathname}` || payload.ath !== accessTokenHash(token) || typeof payload.jti !== "string") {
      throw new TokenRefusal(401, "invalid_dpop_proof", "the proof is for another method, URL or token (htm, htu, ath)");
    }
    if ((await calculateJwkThumbprint(header.jwk)) !== jkt) throw new TokenRefusal(401, "invalid_token", "the token is bound to another key (cnf.jkt)");
    const now = this.#now();
    for (const [jti, until] of this.#seenProofs) if (until < now) this.#seenProofs.delete(jti);
    if (this.#seenProofs.has(payload.jti)) throw new TokenRefusal(401, "invalid_dpop_proof", "this DPoP proof was already used");
    this.#seenProofs.set(payload.jti, now + 2 * this.#o.dpopMaxAgeSeconds * 1000);
  }

  /**
   * Verifies one request. Resolves with the token's claims, or rejects with a
   * TokenRefusal (401 invalid_token / invalid_dpop_proof, 403 insufficient_scope,
   * 503 when introspection was needed and Mandate could not answer).
   */
  async verify(r: RequestToVerify): Promise<VerifiedToken> {
    const match = /^(DPoP|Bearer)\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(r.authorization ?? "");
    if (!match) throw new TokenRefusal(401, "invalid_token", "send Authorization: DPoP <access token>");
    const [, scheme, token] = match;
    const local = this.#o.mode === "introspection" ? undefined : await this.#verifyLocally(token);
    let claims: VerifiedToken["claims"];
    if (this.#o.mode === "jwks") claims = local!;
    else {
      const state = await this.introspect(token);
      if (state.active !== true) throw new TokenRefusal(401, "invalid_token", "the credential is not active (revoked, expired, or its task ended)");
      if (local && state.cnf?.jkt !== local.cnf?.jkt) throw new TokenRefusal(401, "invalid_token", "the credential's binding does not match Mandate's record");
      if (![state.aud].flat().includes(this.#o.audience)) throw new TokenRefusal(401, "invalid_token", "the credential is for another audience");
      claims = local ?? (state as VerifiedToken["claims"]);
    }
    if (typeof claims.jti === "string" && this.#o.revocations?.isRevoked(claims.jti)) {
      throw new TokenRefusal(401, "invalid_token", "the credential was revoked");
    }
    const jkt = claims.cnf?.jkt;
    if (jkt) {
      // A DPoP-bound token is useless without its key: never accept it as a bearer token.
      if (scheme.toLowerCase() !== "dpop") throw new TokenRefusal(401, "invalid_token", "a DPoP-bound token must be sent as Authorization: DPoP");
      await this.#verifyProof(r.dpop, r, token, jkt);
    } else if (!this.#o.allowBearer) {
      throw new TokenRefusal(401, "invalid_token", "this resource accepts only DPoP-bound tokens");
    }
    const audience = this.#o.audience;
    const details = Array.isArray(claims.authorization_details) ? claims.authorization_details : [];
    const grants = (action: string) => details.some((d) => d?.type === "agent_task" && d.locations?.includes(audience) && d.actions?.includes(action));
    if (!grants(r.action)) throw new TokenRefusal(403, "insufficient_scope", `the credential does not grant ${r.action} on ${audience}`);
    return { claims, agentId: String(claims.sub), clientId: String(claims.client_id ?? claims.sub), taskId: claims.task_id, grants };
  }

  /** verify() for a node:http request; `publicOrigin` is how clients reach this server (e.g. https://billing.internal). */
  verifyNodeRequest(req: IncomingMessage, publicOrigin: string, action: string): Promise<VerifiedToken> {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    };
    return this.verify({ method: req.method ?? "GET", url: new URL(req.url ?? "/", publicOrigin).toString(), authorization: header("authorization"), dpop: header("dpop"), action });
  }
}

/** Shorthand for TokenVerifier.create. */
export function createTokenVerifier(o: VerifierOptions): Promise<TokenVerifier> {
  return TokenVerifier.create(o);
}
