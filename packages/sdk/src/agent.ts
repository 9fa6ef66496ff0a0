// An agent's side of Mandate: authenticate with its key (private_key_jwt),
// declare an intent and get a DPoP-bound credential, wait for a person when
// policy asks for one, hand a narrower credential to a sub-agent, give tokens
// back, and end tasks so that their credentials die with them.
import type { JWK } from "jose";
import { MandateError } from "./errors.ts";
import { discover, oauthError, postForm, type Answer, type Fetch, type ServerMetadata } from "./http.ts";
import { ephemeralDpopKey, importAgentKey, loadAgentKey, type AgentKey } from "./keys.ts";
import { JWT_BEARER_ASSERTION, createClientAssertion, createDpopProof } from "./proofs.ts";
import { Credential, type AgentTaskDetail, type TokenResponse } from "./credential.ts";
import { waitForApproval, type PendingApproval, type WaitOptions } from "./step-up.ts";

export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

export type AgentOptions = {
  /** Where Mandate is, e.g. https://mandate.example.com (discovery happens here). */
  url: string;
  /** The agent's client id: its id in Mandate. */
  clientId: string;
  /** The registered private key: a loaded key, a private JWK, or the path of a key file. */
  key: AgentKey | JWK | string;
  /**
   * Sender-constrain every credential with DPoP (default: yes, with a key made
   * for this process). Pass a key to bind to that key instead; false for Bearer.
   */
  dpop?: boolean | AgentKey;
  /**
   * This workload instance's id (pod or container name, VM id), sent as the
   * assertion's `instance_id`: credentials minted with it are revoked when a
   * signal provider reports that the instance restarted.
   */
  instanceId?: string;
  /** Another fetch (a proxy, a test double). Defaults to the global fetch. */
  fetch?: Fetch;
  /** Skip discovery by passing the server metadata. */
  metadata?: ServerMetadata;
  /** For tests: the clock and the sleep used while waiting for approval. */
  clock?: Pick<WaitOptions, "now" | "sleep">;
};

/** What the agent is about to do: one system boundary, the verbs it needs, and why. */
export type CredentialRequest = {
  /** The system to call (an audience in the agent's ceiling), e.g. https://billing.internal. */
  location: string;
  actions: string[];
  /** The object of the task, e.g. invoices/2026-11. */
  identifier?: string;
  /** Why, in words a person approving it will read. */
  intent: string;
  /** Requested lifetime in seconds (Mandate grants at most its policy, the ceiling, or the parent's remaining life). */
  ttl?: number;
  /** Your own task id: requests with the same one share Mandate's task. */
  taskId?: string;
  /** Stops the request, including any wait for approval. */
  signal?: AbortSignal;
  /** Called while a person has to approve: "waiting for approval, request id …". */
  onPending?: (pending: PendingApproval) => void;
  /** Wait for approval when policy asks for a step-up (default true); false throws step_up_required at once. */
  waitForApproval?: boolean;
  /** The longest to wait for approval, in ms (default: as long as Mandate keeps the request open). */
  maxWaitMs?: number;
};

/** For a sub-agent: a narrower slice of the parent's credential. Omitted fields are inherited. */
export type DelegationRequest = Partial<Omit<CredentialRequest, "location">> & { location?: string };

export type CompletedTask = { task_id: string; status: "succeeded" | "failed"; revoked_credentials: number };

export class MandateAgent {
  readonly clientId: string;
  readonly metadata: ServerMetadata;
  readonly #key: AgentKey;
  readonly #dpopKey?: AgentKey;
  readonly #fetch: Fetch;
  readonly #clock: Pick<WaitOptions, "now" | "sleep">;
  readonly #instanceId: string | undefined;

  private constructor(clientId: string, key: AgentKey, dpopKey: AgentKey | undefined, metadata: ServerMetadata, fetchImpl: Fetch, clock: Pick<WaitOptions, "now" | "sleep">, instanceId?: string) {
    this.clientId = clientId;
    this.#instanceId = instanceId;
    this.#key = key;
    this.#dpopKey = dpopKey;
    this.metadata = metadata;
    this.#fetch = fetchImpl;
    this.#clock = clock;
  }

  /** Loads the key, discovers the endpoints, and makes a DPoP key unless told otherwise. */
  static async connect(opts: AgentOptions): Promise<MandateAgent> {
    const fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    const key = typeof opts.key === "string" ? await loadAgentKey(opts.key) : "privateKey" in opts.key ? (opts.key as AgentKey) : await importAgentKey(opts.key as JWK);
    const dpopKey = opts.dpop === false ? undefined : opts.dpop === undefined || opts.dpop === true ? await ephemeralDpopKey() : opts.dpop;
    const metadata = opts.metadata ?? (await discover(opts.url, fetchImpl));
    return new MandateAgent(opts.clientId, key, dpopKey, metadata, fetchImpl, opts.clock ?? {}, opts.instanceId);
  }

  /** The thumbprint-bound key the agent's DPoP credentials are tied to. */
  get dpopKey(): AgentKey | undefined {
    return this.#dpopKey;
  }

  async #call(url: string, form: Record<string, string>, opts: { dpop: boolean; signal?: AbortSignal }): Promise<Answer> {
    const headers: Record<string, string> = opts.dpop && this.#dpopKey ? { dpop: await createDpopProof(this.#dpopKey, "POST", url) } : {};
    const assertion = await createClientAssertion(this.clientId, this.#key, this.metadata.token_endpoint, undefined, this.#instanceId === undefined ? {} : { instance_id: this.#instanceId });
    return postForm(this.#fetch, url, { ...form, client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: assertion }, headers, opts.signal);
  }

  /** A token-endpoint call that may answer step_up_required; waits for the decision when asked to. */
  async #tokenWithStepUp(form: Record<string, string>, req: Pick<CredentialRequest, "signal" | "onPending" | "waitForApproval" | "maxWaitMs">, what: string): Promise<Credential> {
    const first = await this.#call(this.metadata.token_endpoint, form, { dpop: true, signal: req.signal });
    let body: Record<string, any>;
    if (first.status === 200) body = first.body;
    else if (first.body.error === "step_up_required") {
      if (req.waitForApproval === false) throw oauthError(first, what);
      body = await waitForApproval(
        first.body,
        (signal) => this.#call(this.metadata.token_endpoint, { grant_type: CIBA_GRANT, auth_req_id: String(first.body.auth_req_id) }, { dpop: true, signal }),
        { signal: req.signal, onPending: req.onPending, maxWaitMs: req.maxWaitMs, ...this.#clock },
      );
    } else throw oauthError(first, what);
    return new Credential(body as TokenResponse, this.#dpopKey, this.#fetch, (this.#clock.now ?? Date.now)());
  }

  /**
   * Asks for a credential for one intent. Resolves with the credential when
   * policy allows it — after a person approved it, if policy asked for a
   * step-up. Rejects with a MandateError: access_denied (with decisionId),
   * expired_token, approval_timeout, aborted, network_error …
   */
  requestCredential(req: CredentialRequest): Promise<Credential> {
    const detail: AgentTaskDetail = {
      type: "agent_task",
      locations: [req.location],
      actions: req.actions,
      ...(req.identifier !== undefined ? { identifier: req.identifier } : {}),
      intent: req.intent,
      ...(req.taskId !== undefined ? { task_id: req.taskId } : {}),
    };
    const form = {
      grant_type: "client_credentials",
      authorization_details: JSON.stringify([detail]),
      ...(req.ttl !== undefined ? { expires_in: String(req.ttl) } : {}),
    };
    return this.#tokenWithStepUp(form, req, `credential for ${req.actions.join(", ")} on ${req.location}`);
  }

  /**
   * RFC 8693 token exchange, called by the SUB-agent with its own key: a
   * credential no wider and no longer-lived than `parent`, in the parent's
   * task, with an `act` chain naming this agent. Dies when the parent does.
   */
  exchange(parent: Credential | string, req: DelegationRequest = {}): Promise<Credential> {
    const parentDetail = typeof parent === "string" ? undefined : parent.authorizationDetails[0];
    const narrowed = req.actions || req.intent || req.identifier || req.location;
    let details: string | undefined;
    if (narrowed) {
      const location = req.location ?? parentDetail?.locations[0];
      const intent = req.intent ?? parentDetail?.intent;
      if (!location || !intent) throw new MandateError("invalid_request", "narrowing a delegation from a raw token needs location and intent");
      const detail: AgentTaskDetail = { type: "agent_task", locations: [location], actions: req.actions ?? parentDetail?.actions ?? [], intent };
      const identifier = req.identifier ?? parentDetail?.identifier;
      if (identifier !== undefined) detail.identifier = identifier;
      details = JSON.stringify([detail]);
    }
    const form: Record<string, string> = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: typeof parent === "string" ? parent : parent.accessToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      ...(details ? { authorization_details: details } : {}),
      ...(req.ttl !== undefined ? { expires_in: String(req.ttl) } : {}),
    };
    return this.#tokenWithStepUp(form, req, "delegated credential");
  }

  /** RFC 7009: gives a token back. Mandate answers 200 whether or not it was live. */
  async revoke(credential: Credential | string, signal?: AbortSignal): Promise<void> {
    const token = typeof credential === "string" ? credential : credential.accessToken;
    const answer = await this.#call(this.metadata.revocation_endpoint, { token, token_type_hint: "access_token" }, { dpop: false, signal });
    if (answer.status !== 200) throw oauthError(answer, "revocation");
  }

  /** Reports the task's end; Mandate revokes every credential of it, delegated ones included. */
  async completeTask(taskId: string, status: "succeeded" | "failed" = "succeeded", signal?: AbortSignal): Promise<CompletedTask> {
    const url = `${this.metadata.issuer.replace(/\/+$/, "")}/api/v1/tasks/${encodeURIComponent(taskId)}/complete`;
    const answer = await this.#call(url, { status }, { dpop: false, signal });
    if (answer.status !== 200) throw oauthError(answer, `completing task ${taskId}`);
    return answer.body as CompletedTask;
  }

  /**
   * Runs `fn` with a credential for `task`, then completes the task —
   * succeeded when fn resolves, failed when it throws — so the credential
   * (and anything delegated from it) dies with the work. fn's own error is
   * rethrown unchanged; a failure to report the end then is not raised over it
   * (the credential still dies at its expiry).
   */
  async withCredential<T>(task: CredentialRequest, fn: (credential: Credential) => Promise<T> | T): Promise<T> {
    const credential = await this.requestCredential(task);
    let result: T;
    try {
      result = await fn(credential);
    } catch (e) {
      await this.completeTask(credential.taskId, "failed").catch(() => undefined);
      throw e;
    }
    await this.completeTask(credential.taskId, "succeeded");
    return result;
  }
}
