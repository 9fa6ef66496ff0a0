// Revocation-stream helpers: a resource server subscribed through the SDK
// (against the route handlers in this process), and waiting for what it hears.
import { expect } from "vitest";
import { decodeJwt } from "jose";
import { subscribeRevocations, type RevocationNotice, type RevocationSubscription } from "@mandate/agent-sdk";
import { inProcessFetch } from "@/tests/support/in-process-fetch";
import { clientAssertion, ISSUER, type TestResource } from "@/tests/support/agent-client";
import { hashJti } from "@/lib/jose/digest";
import * as streamRoute from "@/app/api/v1/revocations/stream/route";

export const STREAM_URL = `${ISSUER}/api/v1/revocations/stream`;

export type Listening = { sub: RevocationSubscription; heard: RevocationNotice[]; errors: Error[] };

export async function listen(rs: TestResource, lastEventId?: string): Promise<Listening> {
  const heard: RevocationNotice[] = [];
  const errors: Error[] = [];
  const sub = subscribeRevocations({ url: ISSUER, resourceId: rs.id, key: rs.key, fetch: inProcessFetch(), lastEventId, onRevocation: (n) => heard.push(n), onError: (e) => errors.push(e), reconnectDelayMs: 50 });
  await Promise.race([sub.ready, new Promise((_, reject) => setTimeout(() => reject(new Error(`the stream did not open: ${errors.map((e) => e.message).join("; ")}`)), 10_000))]);
  return { sub, heard, errors };
}

export const jtiHashOf = (token: string) => hashJti((decodeJwt(token) as { jti: string }).jti);

/** Waits until `check` passes (the stream is asynchronous), failing after `ms`. */
export async function eventually(check: () => void, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Opens the stream by hand with the given Authorization header. */
export async function openStream(authorization: string | undefined, headers: Record<string, string> = {}) {
  const ctl = new AbortController();
  const res = await streamRoute.GET(new Request(STREAM_URL, { headers: { ...(authorization ? { authorization } : {}), ...headers }, signal: ctl.signal }));
  return { res, close: () => { ctl.abort(); void res.body?.cancel().catch(() => {}); } };
}

export async function streamAssertion(rs: TestResource, opts: Parameters<typeof clientAssertion>[2] = {}) {
  return clientAssertion(rs.id, rs.key, { aud: STREAM_URL, ...opts });
}

export function expectHeard(l: Listening, tokens: string[], reason?: string) {
  const hashes = l.heard.map((n) => n.jtiHash);
  for (const t of tokens) expect(hashes).toContain(jtiHashOf(t));
  if (reason) for (const t of tokens) expect(l.heard.find((n) => n.jtiHash === jtiHashOf(t))?.reason).toBe(reason);
}
