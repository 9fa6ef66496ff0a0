// One resource server's server-sent-events stream of revocations of its own
// audience (text/event-stream):
//
//   retry: 2000
//
//   id: 42
//   event: revocation
//   data: {"seq":42,"jti_hash":"…","aud":"https://billing.internal","reason":"task_completed","revoked_at":"…","recorded_at":"…","exp":1767225600}
//
//   : heartbeat
//
//   event: ready            (once, when the catch-up is done; live events follow)
//
// `id` is the outbox seq: reconnecting with `Last-Event-ID: 42` resumes right
// after it. Only the trigger is sent as the reason, never the free text a
// person typed. A stream ends after MANDATE_REVOCATION_STREAM_MAX_SECONDS, at
// shutdown, or when its reader falls too far behind (the backlog would grow
// without bound); the client then reconnects with Last-Event-ID.
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import type { ServiceContext } from "../context";
import type { AuthenticatedResource } from "../broker/authenticate-client";
import { processRevocationHub, type RevocationEventView, type RevocationHub } from "./revocation-hub";

/** Bytes a slow reader may leave unread before its stream is closed. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
const encoder = new TextEncoder();

export function parseLastEventId(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  if (!/^\d{1,15}$/.test(raw.trim())) throw new OAuthError("invalid_request", "Last-Event-ID must be the id of an event this stream sent (a non-negative integer)");
  return Number(raw.trim());
}

export function formatRevocationEvent(e: RevocationEventView): string {
  const data = { seq: e.seq, jti_hash: e.jtiHash, aud: e.audience, reason: e.trigger, revoked_at: e.revokedAt.toISOString(), recorded_at: e.recordedAt.toISOString(), exp: Math.ceil(e.expiresAt.getTime() / 1000) };
  return `id: ${e.seq}\nevent: revocation\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function openRevocationStream(
  ctx: ServiceContext,
  resource: AuthenticatedResource,
  lastEventId: number | null,
  opts: { signal?: AbortSignal; hub?: RevocationHub } = {},
): Promise<Response> {
  const { revocationStream, databaseUrl } = env();
  const hub = opts.hub ?? processRevocationHub(ctx.db, databaseUrl, revocationStream.pollMs);
  if (hub.count(resource.audience) >= revocationStream.perResource) {
    throw new OAuthError("temporarily_unavailable", `this resource server already holds ${revocationStream.perResource} open revocation streams on this instance`);
  }
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  const end = () => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearInterval(t);
    unsubscribe?.();
    try {
      controller.close();
    } catch {
      // the reader already went away
    }
  };
  const write = (text: string) => {
    if (closed) return;
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) end();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  write(`retry: 2000\n: revocations for ${resource.audience}\n\n`);
  unsubscribe = await hub.subscribe(resource.audience, lastEventId, {
    send: (events) => write(events.map(formatRevocationEvent).join("")),
    close: end,
  });
  if (closed) unsubscribe();
  // Everything before this point was the catch-up (Last-Event-ID or the live-credential backlog).
  write("event: ready\ndata: {}\n\n");
  const heartbeat = setInterval(() => write(": heartbeat\n\n"), revocationStream.heartbeatMs);
  const lifetime = setTimeout(end, revocationStream.maxSeconds * 1000);
  heartbeat.unref();
  lifetime.unref();
  timers.push(heartbeat, lifetime);
  opts.signal?.addEventListener("abort", end, { once: true });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: no compressing proxy (nor Next.js) may buffer the stream.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
