// A credential the broker issued: the token, what it grants, its task, and —
// when DPoP-bound — the key that must sign a proof for every use. The raw
// token is kept out of JSON.stringify and console.log by construction.
import { inspect } from "node:util";
import type { AgentKey } from "./keys.ts";
import { createDpopProof } from "./proofs.ts";
import type { Fetch } from "./http.ts";

/** One RFC 9396 agent_task entry. */
export type AgentTaskDetail = {
  type: "agent_task";
  locations: string[];
  actions: string[];
  identifier?: string;
  intent: string;
  task_id?: string;
};

/** The token endpoint's 200 body. */
export type TokenResponse = {
  access_token: string;
  token_type: "DPoP" | "Bearer";
  expires_in: number;
  authorization_details: AgentTaskDetail[];
  task_id: string;
  decision_id: string;
};

export class Credential {
  readonly #accessToken: string;
  readonly #dpopKey?: AgentKey;
  readonly #fetch: Fetch;
  readonly tokenType: "DPoP" | "Bearer";
  readonly expiresIn: number;
  readonly expiresAt: Date;
  readonly authorizationDetails: AgentTaskDetail[];
  /** Mandate's task id: complete it to revoke every credential of the task. */
  readonly taskId: string;
  readonly decisionId: string;

  constructor(response: TokenResponse, dpopKey: AgentKey | undefined, fetchImpl: Fetch, issuedAt = Date.now()) {
    this.#accessToken = response.access_token;
    this.#dpopKey = response.token_type === "DPoP" ? dpopKey : undefined;
    this.#fetch = fetchImpl;
    this.tokenType = response.token_type;
    this.expiresIn = response.expires_in;
    this.expiresAt = new Date(issuedAt + response.expires_in * 1000);
    this.authorizationDetails = response.authorization_details;
    this.taskId = response.task_id;
    this.decisionId = response.decision_id;
  }

  /** The access token itself. Hand it only to the resource it was issued for. */
  get accessToken(): string {
    return this.#accessToken;
  }

  /** The audience (the one location) this credential is for. */
  get audience(): string {
    return this.authorizationDetails[0]?.locations[0] ?? "";
  }

  /** The key the token is bound to (cnf.jkt), if DPoP-bound. */
  get dpopKey(): AgentKey | undefined {
    return this.#dpopKey;
  }

  isExpired(now = Date.now()): boolean {
    return now >= this.expiresAt.getTime();
  }

  /**
   * The headers for one request to a resource server: `Authorization: DPoP
   * <token>` and a fresh proof for this method and URL (or a plain Bearer).
   */
  async authorizationHeaders(method: string, url: string): Promise<Record<string, string>> {
    if (!this.#dpopKey) return { authorization: `Bearer ${this.#accessToken}` };
    return { authorization: `DPoP ${this.#accessToken}`, dpop: await createDpopProof(this.#dpopKey, method, url, this.#accessToken) };
  }

  /** fetch() with this credential attached. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(await this.authorizationHeaders(method, String(url)))) headers.set(name, value);
    return this.#fetch(String(url), { ...init, method, headers });
  }

  /** What is safe to log: everything but the token. */
  toJSON() {
    return { tokenType: this.tokenType, expiresAt: this.expiresAt.toISOString(), audience: this.audience, actions: this.authorizationDetails[0]?.actions ?? [], taskId: this.taskId, decisionId: this.decisionId };
  }

  [inspect.custom]() {
    return `Credential ${inspect(this.toJSON())}`;
  }
}
