// The agents' side of the cluster tests: real client assertions and DPoP
// proofs, signed per request (a proof is accepted for 60 s, and a run lasts
// longer), sent over keep-alive connections to whichever instance a request
// is routed to — as a load balancer in front of the instances would.
//
// A request whose connection was refused reached nobody, so it goes to the
// next instance (or, with one instance, waits for it to come back). A request
// that was cut off after it was sent (the instance died under it) is
// ambiguous: it may or may not have committed. It is counted, never retried
// (a retry would be a replay), and the checks allow for it.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { SignJWT, type CryptoKey, type JWK } from "jose";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

export type ClusterAgent = { id: string; kid: string; key: CryptoKey; dpop: { key: CryptoKey; jwk: JWK } };
export type Prepared = { path: string; body: string; headers: Record<string, string> };
export type Answer = { status: number; json: Record<string, unknown>; servedBy: number };
export type Outcome = Answer | { status: 0; ambiguous: true; servedBy: number; error: string };

export async function clientAssertion(agent: { id: string; kid: string; key: CryptoKey }, audience: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: agent.kid }).setIssuer(agent.id).setSubject(agent.id).setAudience(audience).setIssuedAt(now).setExpirationTime(now + 240).setJti(randomUUID()).sign(agent.key);
}

export function dpopProof(agent: ClusterAgent, htu: string): Promise<string> {
  return new SignJWT({ htm: "POST", htu }).setProtectedHeader({ alg: "EdDSA", typ: "dpop+jwt", jwk: agent.dpop.jwk }).setIssuedAt().setJti(randomUUID()).sign(agent.dpop.key);
}

/** A client_credentials request for one intent, with a fresh assertion and DPoP proof. */
export async function tokenRequest(agent: ClusterAgent, publicUrl: string, detail: Record<string, unknown>): Promise<Prepared> {
  const endpoint = `${publicUrl}/api/oauth/token`;
  const [assertion, proof] = await Promise.all([clientAssertion(agent, endpoint), dpopProof(agent, endpoint)]);
  const body = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: assertion, authorization_details: JSON.stringify([detail]) }).toString();
  return { path: "/api/oauth/token", body, headers: { "content-type": "application/x-www-form-urlencoded", dpop: proof } };
}

/** A CIBA poll for an approved step-up (same DPoP key as the original request). */
export async function pollRequest(agent: ClusterAgent, publicUrl: string, authReqId: string): Promise<Prepared> {
  const endpoint = `${publicUrl}/api/oauth/token`;
  const [assertion, proof] = await Promise.all([clientAssertion(agent, endpoint), dpopProof(agent, endpoint)]);
  const body = new URLSearchParams({ grant_type: CIBA_GRANT, auth_req_id: authReqId, client_assertion_type: JWT_BEARER, client_assertion: assertion }).toString();
  return { path: "/api/oauth/token", body, headers: { "content-type": "application/x-www-form-urlencoded", dpop: proof } };
}

/** The same request with a new client assertion but the same DPoP proof (a replayed proof). */
export async function withFreshAssertion(req: Prepared, agent: ClusterAgent, publicUrl: string): Promise<Prepared> {
  const form = new URLSearchParams(req.body);
  form.set("client_assertion", await clientAssertion(agent, `${publicUrl}/api/oauth/token`));
  return { ...req, body: form.toString() };
}

type Target = { url: URL; agent: http.Agent };

function post(target: Target, req: Prepared): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: target.url.hostname, port: target.url.port, method: "POST", path: req.path, agent: target.agent, headers: { ...req.headers, "content-length": Buffer.byteLength(req.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    r.setTimeout(60_000, () => r.destroy(new Error("no answer within 60 s")));
    r.on("error", reject);
    r.end(req.body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Routes requests over several instances; see the file comment for what happens when one is down. */
export class Balancer {
  private readonly targets: Target[];
  refusedRetries = 0;

  constructor(urls: string[], concurrency: number) {
    this.targets = urls.map((u) => ({ url: new URL(u), agent: new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency }) }));
  }

  get size(): number {
    return this.targets.length;
  }

  /** Sends to instance `preferred` first; a refused connection moves on to the next (waiting while every one refuses, up to 60 s). */
  async send(req: Prepared, preferred: number): Promise<Outcome> {
    const until = Date.now() + 60_000;
    for (let attempt = 0; ; attempt++) {
      const i = (preferred + attempt) % this.targets.length;
      try {
        const { status, text } = await post(this.targets[i], req);
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text);
        } catch {
          json = { raw: text.slice(0, 200) };
        }
        return { status, json, servedBy: i };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ECONNREFUSED" && Date.now() < until) {
          this.refusedRetries++;
          if ((attempt + 1) % this.targets.length === 0) await sleep(100);
          continue;
        }
        return { status: 0, ambiguous: true, servedBy: i, error: `${code ?? ""} ${(e as Error).message}`.trim() };
      }
    }
  }

  close(): void {
    for (const t of this.targets) t.agent.destroy();
  }
}
