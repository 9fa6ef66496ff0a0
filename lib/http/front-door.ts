// What the production listener answers before any route runs (server/main.ts):
//  - a path that is not valid percent-encoding (`/api/v1/agents/%FF`): Next.js
//    fails to decode it and answers 500 text/plain; here it is a 400 in the
//    dialect of the endpoint it was aimed at — OAuth JSON for the broker's
//    endpoints, problem+json for the rest of the API, plain text for pages;
//  - another method on a broker endpoint: 405 with `Allow` (RFC 9110 §15.5.6)
//    and an OAuth error body, instead of Next.js's empty 405;
//  - and it pins the client's address (clientAddress): X-Forwarded-For is
//    what the throttles count by, and a client must not choose it.
// Pure: method and raw URL in, an answer (or nothing) out.
import { ERROR_TITLES } from "@/lib/errors";

export type EarlyAnswer = { status: number; headers: Record<string, string>; body: string };

/** Endpoints that speak OAuth errors ({error, error_description}) rather than problem+json. */
export function speaksOAuth(path: string): boolean {
  return path.startsWith("/api/oauth/") || /^\/api\/v1\/tasks\/[^/]+\/complete\/?$/.test(path);
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const NO_STORE = { "cache-control": "no-store" };

function oauth(status: number, error: string, description: string, extra: Record<string, string> = {}): EarlyAnswer {
  return { status, headers: { "content-type": "application/json", ...NO_STORE, ...extra }, body: JSON.stringify({ error, error_description: description }) };
}

/**
 * `methodsByPath`: the broker endpoints the listener serves, path → methods.
 * The task-completion endpoint (served by Next.js) is POST only as well.
 */
export function earlyAnswer(method: string, url: string, methodsByPath: ReadonlyMap<string, readonly string[]>, requestId: string): EarlyAnswer | undefined {
  const path = pathOf(url);
  if (!decodable(path)) {
    const why = "the request path is not valid percent-encoding";
    if (speaksOAuth(path)) return oauth(400, "invalid_request", why);
    if (path.startsWith("/api/")) {
      const body = { type: "about:blank", title: ERROR_TITLES.invalid_request, status: 400, detail: why, code: "invalid_request", requestId };
      return { status: 400, headers: { "content-type": "application/problem+json", ...NO_STORE }, body: JSON.stringify(body) };
    }
    return { status: 400, headers: { "content-type": "text/plain; charset=utf-8", ...NO_STORE }, body: `Bad request: ${why}.\n` };
  }
  const allowed = methodsByPath.get(path) ?? (/^\/api\/v1\/tasks\/[^/]+\/complete$/.test(path) ? ["POST"] : undefined);
  // OPTIONS (and HEAD where GET is served) stay with Next.js, which answers them.
  if (!allowed || allowed.includes(method) || method === "OPTIONS" || (method === "HEAD" && allowed.includes("GET"))) return undefined;
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  if (speaksOAuth(path)) return oauth(405, "invalid_request", `${method} is not allowed here: use ${allowed.join(" or ")}`, { allow });
  const body = { type: "about:blank", title: ERROR_TITLES.method_not_allowed, status: 405, detail: `${method} is not allowed here: use ${allowed.join(" or ")}`, code: "method_not_allowed", requestId };
  return { status: 405, headers: { "content-type": "application/problem+json", ...NO_STORE, allow }, body: JSON.stringify(body) };
}

/** Path → methods, from the listener's "METHOD /path" route keys. */
export function methodsByPath(routeKeys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of routeKeys) {
    const [method, path] = key.split(" ");
    out.set(path, [...(out.get(path) ?? []), method]);
  }
  return out;
}

/**
 * The client's address as the throttles should see it: with no trusted proxy,
 * the socket's peer, whatever X-Forwarded-For says (a client could otherwise
 * pick any address — dodging its own limit, or locking someone else out); with
 * `trustedHops` proxies in front, each appending the address it received the
 * request from, the entry that many hops from the right — the first address a
 * trusted proxy saw, not one the client wrote itself.
 */
export function clientAddress(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustedHops: number): string {
  const peer = (socketAddress ?? "unknown").replace(/^::ffff:/, "");
  if (trustedHops === 0) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // chain + peer, read from the right: the peer is the last proxy; each proxy appended its own peer.
  const hops = [...chain, peer];
  const at = hops.length - 1 - trustedHops;
  return (at >= 0 ? hops[at] : hops[0]).slice(0, 64);
}
