// A scripted agent for the approval specs, run in node against the server:
// registered through the automation API by its owner, it authenticates with
// its own Ed25519 key (private_key_jwt), binds every request and poll with a
// DPoP proof, and polls a step-up the way the CIBA spec says — no faster than
// the interval the broker gives.
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { BASE_URL } from "./accounts";

export const TOKEN_ENDPOINT = `${BASE_URL}/api/oauth/token`;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const CIBA = "urn:openid:params:grant-type:ciba";
const ORIGIN = { origin: BASE_URL };

type Key = { privateKey: CryptoKey; publicJwk: JWK & { kid: string } };
export type TokenAnswer = { status: number; body: Record<string, any> };
export type Intent = { location: string; actions: string[]; identifier: string; intent: string };
export type StepUp = { authReqId: string; interval: number; expiresIn: number };

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const jwk = await exportJWK(publicKey);
  return { privateKey, publicJwk: { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "EdDSA", use: "sig" } };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ScriptedAgent {
  private constructor(
    readonly id: string,
    readonly name: string,
    private readonly key: Key,
    private readonly dpopKey: Key,
  ) {}

  /**
   * Registered and acknowledged by `owner` (a signed-in request context), so
   * policy treats it as owned. Its ceiling allows what the specs ask for.
   */
  static async register(
    owner: APIRequestContext,
    input: { name: string; riskTier: "LOW" | "HIGH" | "CRITICAL"; environment?: string; audience: string; actions: string[] },
  ): Promise<ScriptedAgent> {
    const key = await newKey();
    const created = await owner.post("/api/v1/agents", {
      headers: ORIGIN,
      data: {
        name: input.name,
        description: "Scripted agent of the end-to-end approval specs",
        environment: input.environment ?? "development",
        riskTier: input.riskTier,
        requireDpop: true,
        ceiling: { audiences: [input.audience], actions: input.actions, maxTtlSeconds: 600 },
        jwks: { keys: [key.publicJwk] },
      },
    });
    if (created.status() !== 201) throw new Error(`registering ${input.name} failed: ${created.status()} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const ack = await owner.post(`/api/v1/agents/${id}/owner/acknowledge`, { headers: ORIGIN });
    if (ack.status() !== 200) throw new Error(`acknowledging ${input.name} failed: ${ack.status()} ${await ack.text()}`);
    return new ScriptedAgent(id, input.name, key, await newKey());
  }

  private async assertion(): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: "EdDSA", kid: this.key.publicJwk.kid, typ: "JWT" })
      .setIssuer(this.id)
      .setSubject(this.id)
      .setAudience(TOKEN_ENDPOINT)
      .setIssuedAt()
      .setExpirationTime("60s")
      .setJti(randomUUID())
      .sign(this.key.privateKey);
  }

  private async proof(): Promise<string> {
    const { kty, crv, x } = this.dpopKey.publicJwk;
    return new SignJWT({ htm: "POST", htu: TOKEN_ENDPOINT })
      .setProtectedHeader({ alg: "EdDSA", typ: "dpop+jwt", jwk: { kty, crv, x } })
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(this.dpopKey.privateKey);
  }

  private async post(form: Record<string, string>): Promise<TokenAnswer> {
    const response = await fetch(TOKEN_ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", dpop: await this.proof() },
      body: new URLSearchParams({ ...form, client_assertion_type: JWT_BEARER, client_assertion: await this.assertion() }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  /** Asks for a credential; every spec here asks for something that needs a person. */
  async ask(i: Intent): Promise<TokenAnswer> {
    return this.post({
      grant_type: "client_credentials",
      authorization_details: JSON.stringify([{ type: "agent_task", locations: [i.location], actions: i.actions, identifier: i.identifier, intent: i.intent }]),
      expires_in: "300",
    });
  }

  /** Asks, and insists the answer is step_up_required. */
  async askForStepUp(i: Intent): Promise<StepUp> {
    const answer = await this.ask(i);
    if (answer.status !== 400 || answer.body.error !== "step_up_required") throw new Error(`expected step_up_required, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return { authReqId: answer.body.auth_req_id, interval: answer.body.interval, expiresIn: answer.body.expires_in };
  }

  poll(authReqId: string): Promise<TokenAnswer> {
    return this.post({ grant_type: CIBA, auth_req_id: authReqId });
  }

  /**
   * Polls until the answer is no longer "pending": waits `interval` seconds
   * between polls, and longer when told to slow down. Every answer is kept,
   * so a spec can check that the token came exactly once.
   */
  async pollUntilDecided(s: StepUp, timeoutMs = 90_000): Promise<{ final: TokenAnswer; answers: TokenAnswer[] }> {
    const answers: TokenAnswer[] = [];
    const deadline = Date.now() + timeoutMs;
    let interval = s.interval;
    while (Date.now() < deadline) {
      const answer = await this.poll(s.authReqId);
      answers.push(answer);
      if (answer.body.error === "slow_down") interval = answer.body.interval ?? interval + 5;
      else if (answer.body.error !== "authorization_pending") return { final: answer, answers };
      await pause(interval * 1000);
    }
    throw new Error(`no decision on ${s.authReqId} within ${timeoutMs} ms: ${JSON.stringify(answers.at(-1))}`);
  }
}
