// The resource server's push channel: Mandate's server-sent-events stream of
// revocations of this resource's audience. It keeps a local set of revoked
// jti hashes (each until the token would have expired anyway), so a resource
// server that verifies tokens locally against the JWKS also refuses a token
// within about a second of its revocation — without an introspection call
// per request. It reconnects by itself, resuming with Last-Event-ID, and
// signs a fresh assertion (aud = the stream URL) for every connection.
import { createHash } from "node:crypto";
import type { JWK } from "jose";
import type { Fetch } from "./http.ts";
import { importAgentKey, loadAgentKey, type AgentKey } from "./keys.ts";
import { createClientAssertion } from "./proofs.ts";

/** revokedAt: when the revocation was asked for; recordedAt: when Mandate wrote it, just before it committed. */
export type RevocationNotice = { seq: number; jtiHash: string; audience: string; reason: string; revokedAt: string; recordedAt: string; exp: number };

export type RevocationStreamOptions = {
  /** Mandate's base URL (its issuer). */
  url: string;
  /** This resource's id in Mandate and its private key (loaded, JWK, or file path). */
  resourceId: string;
  key: AgentKey | JWK | string;
  /** Resume after this event id (e.g. persisted from `lastEventId`); default: every revoked credential not yet expired. */
  lastEventId?: string;
  /** The stream URL, if not `${url}/api/v1/revocations/stream`. */
  streamUrl?: string;
  onRevocation?: (notice: RevocationNotice) => void;
  onError?: (error: Error) => void;
  /** Delay before reconnecting after an error (doubles up to 30 s; the server's `retry` after a clean end). */
  reconnectDelayMs?: number;
  fetch?: Fetch;
  now?: () => number;
};

const hashJti = (jti: string) => createHash("sha256").update(jti, "utf8").digest("hex");

export class RevocationSubscription {
  readonly #o: RevocationStreamOptions;
  readonly #revoked = new Map<string, number>();
  #lastEventId: string | undefined;
  #closed = false;
  #abort: AbortController | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #ready!: () => void;
  /** Resolves once the first connection has caught up (everything missed has been received). */
  readonly ready: Promise<void>;
  #connections = 0;

  constructor(o: RevocationStreamOptions) {
    this.#o = o;
    this.#lastEventId = o.lastEventId;
    this.ready = new Promise((resolve) => (this.#ready = resolve));
    void this.#run();
  }

  /** The last event received: persist it to resume after a restart. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** How many times a stream was opened (reconnections included). */
  get connections(): number {
    return this.#connections;
  }

  /** Whether the token with this `jti` claim was revoked (and has not expired since). */
  isRevoked(jti: string): boolean {
    return this.isRevokedHash(hashJti(jti));
  }

  isRevokedHash(jtiHash: string): boolean {
    const exp = this.#revoked.get(jtiHash);
    if (exp === undefined) return false;
    if (exp * 1000 <= (this.#o.now ?? Date.now)()) {
      this.#revoked.delete(jtiHash);
      return false;
    }
    return true;
  }

  /** Number of revoked, unexpired tokens remembered. */
  get size(): number {
    return this.#revoked.size;
  }

  close(): void {
    this.#closed = true;
    this.#abort?.abort();
    void this.#reader?.cancel().catch(() => {});
  }

  async #run() {
    const delay0 = this.#o.reconnectDelayMs ?? 1000;
    let delay = delay0;
    let key: AgentKey | undefined;
    while (!this.#closed) {
      let clean = false;
      try {
        key ??= await resolveKey(this.#o.key);
        clean = await this.#connect(key);
        delay = delay0;
      } catch (e) {
        if (this.#closed) return;
        this.#o.onError?.(e instanceof Error ? e : new Error(String(e)));
      }
      if (this.#closed) return;
      await new Promise((r) => setTimeout(r, clean ? delay0 : delay));
      if (!clean) delay = Math.min(delay * 2, 30_000);
    }
  }

  /** One connection; resolves true when the server ended it cleanly. */
  async #connect(key: AgentKey): Promise<boolean> {
    const url = this.#o.streamUrl ?? `${this.#o.url.replace(/\/+$/, "")}/api/v1/revocations/stream`;
    const now = Math.floor((this.#o.now ?? Date.now)() / 1000);
    const assertion = await createClientAssertion(this.#o.resourceId, key, url, now);
    this.#abort = new AbortController();
    const headers: Record<string, string> = { accept: "text/event-stream", authorization: `Bearer ${assertion}` };
    if (this.#lastEventId !== undefined) headers["last-event-id"] = this.#lastEventId;
    const res = await (this.#o.fetch ?? fetch)(url, { headers, signal: this.#abort.signal });
    if (res.status !== 200 || !res.body) {
      const body = await res.text().catch(() => "");
      let why = `${res.status}`;
      try {
        why = `${res.status} ${JSON.parse(body).error_description ?? ""}`.trim();
      } catch {
        // not JSON
      }
      throw new Error(`the revocation stream was refused: ${why}`);
    }
    this.#connections++;
    const reader = res.body.getReader();
    this.#reader = reader;
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        this.#dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  #dispatch(block: string) {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (event === "ready") {
      this.#ready();
      return;
    }
    if (event !== "revocation") return;
    const d = JSON.parse(data.join("\n")) as { seq: number; jti_hash: string; aud: string; reason: string; revoked_at: string; recorded_at: string; exp: number };
    this.#revoked.set(d.jti_hash, d.exp);
    if (id !== undefined) this.#lastEventId = id;
    if (this.#revoked.size % 1000 === 0) this.#prune();
    this.#o.onRevocation?.({ seq: d.seq, jtiHash: d.jti_hash, audience: d.aud, reason: d.reason, revokedAt: d.revoked_at, recordedAt: d.recorded_at, exp: d.exp });
  }

  #prune() {
    const now = (this.#o.now ?? Date.now)();
    for (const [hash, exp] of this.#revoked) if (exp * 1000 <= now) this.#revoked.delete(hash);
  }
}

async function resolveKey(k: AgentKey | JWK | string): Promise<AgentKey> {
  if (typeof k === "string") return loadAgentKey(k);
  return "privateKey" in k ? (k as AgentKey) : importAgentKey(k as JWK);
}

/** Subscribes to the revocations of this resource's audience; call `close()` to stop. */
export function subscribeRevocations(o: RevocationStreamOptions): RevocationSubscription {
  return new RevocationSubscription(o);
}
