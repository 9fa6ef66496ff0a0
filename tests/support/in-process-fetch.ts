// A fetch that answers Mandate's broker URLs by calling the route handlers in
// this process (as server/main.ts's listener does), so SDK code runs its real
// HTTP path against a test database without a server. Any other URL fails
// like an unreachable host.
import * as token from "@/app/api/oauth/token/route";
import * as introspect from "@/app/api/oauth/introspect/route";
import * as revoke from "@/app/api/oauth/revoke/route";
import * as complete from "@/app/api/v1/tasks/[id]/complete/route";
import * as jwks from "@/app/.well-known/jwks.json/route";
import * as metadata from "@/app/.well-known/oauth-authorization-server/route";
import * as revokeLeaked from "@/app/api/oauth/revoke-leaked/route";
import * as revocationStream from "@/app/api/v1/revocations/stream/route";
import { ISSUER } from "./agent-client";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: Array<[string, RegExp, Handler]> = [
  ["POST", /^\/api\/oauth\/token$/, token.POST as Handler],
  ["POST", /^\/api\/oauth\/introspect$/, introspect.POST as Handler],
  ["POST", /^\/api\/oauth\/revoke$/, revoke.POST as Handler],
  ["POST", /^\/api\/oauth\/revoke-leaked$/, revokeLeaked.POST as Handler],
  ["GET", /^\/api\/v1\/revocations\/stream$/, revocationStream.GET as Handler],
  ["POST", /^\/api\/v1\/tasks\/(?<id>[^/]+)\/complete$/, complete.POST as Handler],
  ["GET", /^\/\.well-known\/jwks\.json$/, jwks.GET as Handler],
  ["GET", /^\/\.well-known\/oauth-authorization-server$/, metadata.GET as Handler],
];

export type CountingFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & { calls: string[] };

export function inProcessFetch(): CountingFetch {
  const calls: string[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    if (req.signal.aborted) throw req.signal.reason;
    const url = new URL(req.url);
    if (url.origin !== ISSUER) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    calls.push(`${req.method} ${url.pathname}`);
    for (const [method, pattern, handler] of ROUTES) {
      const m = pattern.exec(url.pathname);
      if (m && method === req.method) return handler(req, { params: Promise.resolve({ ...m.groups }) });
    }
    return new Response(JSON.stringify({ error: "not_found" }), { status: 404, headers: { "content-type": "application/json" } });
  };
  return Object.assign(f, { calls });
}
