// Mandate's production server (started by scripts/start.mjs, after migrations
// and the build): one node:http listener in front of the Next.js request
// handler.
//
// The broker's endpoints are the hot path: agents and resource servers call
// them for every task, and Next.js's routing costs more CPU per request than
// the broker's own work. This listener therefore answers them itself, by
// calling the very same route handlers (app/api/oauth/*, app/.well-known/*)
// through a small Request/Response bridge. Everything else — pages, the
// dashboard API, auth — goes to Next.js unchanged. Both share one database
// client per process (lib/db/client.ts keeps it on globalThis), so the SQLite
// write lock, the caches' re-checks and the audit chain behave as with one
// server.
//
// With MANDATE_SERVE=broker the listener serves the broker's endpoints and the
// probes (/api/health, /api/ready, /api/metrics) alone, without loading
// Next.js at all, and starts the background jobs itself
// (lib/instance-start.ts, which instrumentation.ts runs inside Next.js
// otherwise). That is a broker node of a larger deployment, and what the
// cluster tests start: it needs no `next build`.
import http from "node:http";
import path from "node:path";
import { env } from "@/lib/env";
import { getDb, sqliteDirect } from "@/lib/db/client";
import { startSqliteCheckpointer } from "@/lib/db/sqlite-checkpointer";
import { log } from "@/lib/log";
import { MAX_FORM_BYTES } from "@/lib/http/form";
import { serveWithHandler, type WebHandler } from "@/lib/http/node-bridge";
import { logAccess } from "@/lib/http/access-log";
import { clientAddress, earlyAnswer, methodsByPath } from "@/lib/http/front-door";
import { HSTS_HEADER } from "@/lib/http/security-headers";
import { countHttpResponse } from "@/lib/metrics/broker-metrics";
import { createShutdown } from "./shutdown";
import * as token from "@/app/api/oauth/token/route";
import * as introspect from "@/app/api/oauth/introspect/route";
import * as revoke from "@/app/api/oauth/revoke/route";
import * as jwks from "@/app/.well-known/jwks.json/route";
import * as metadata from "@/app/.well-known/oauth-authorization-server/route";
import * as revokeLeaked from "@/app/api/oauth/revoke-leaked/route";
import * as revocationStream from "@/app/api/v1/revocations/stream/route";
import * as health from "@/app/api/health/route";
import * as ready from "@/app/api/ready/route";
import * as metrics from "@/app/api/metrics/route";

const root = path.resolve(import.meta.dirname, "..");
/** Requests in flight get this long to finish at shutdown (orchestrators wait 30 s by default before SIGKILL). */
const SHUTDOWN_GRACE_MS = 20_000;

/** Method + path → handler. Any other method on these paths goes to Next.js (which answers 405). */
const BROKER_ROUTES = new Map<string, WebHandler>([
  ["POST /api/oauth/token", token.POST],
  ["POST /api/oauth/introspect", introspect.POST],
  ["POST /api/oauth/revoke", revoke.POST],
  ["POST /api/oauth/revoke-leaked", revokeLeaked.POST],
  // Server-sent events, streamed by the bridge (never buffered); closed at shutdown by the hub's hook.
  ["GET /api/v1/revocations/stream", revocationStream.GET],
  ["GET /.well-known/jwks.json", jwks.GET],
  ["GET /.well-known/oauth-authorization-server", metadata.GET],
]);

/** Served by the listener too when Next.js is not loaded (MANDATE_SERVE=broker). */
const PROBE_ROUTES = new Map<string, WebHandler>([
  ["GET /api/health", health.GET],
  ["GET /api/ready", ready.GET],
  ["GET /api/metrics", metrics.GET],
]);

/** The broker endpoints by path, for 405 answers with `Allow` (lib/http/front-door.ts). */
const BROKER_METHODS = methodsByPath(BROKER_ROUTES.keys());

function routeOf(routes: Map<string, WebHandler>, req: http.IncomingMessage): WebHandler | undefined {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return routes.get(`${req.method} ${q === -1 ? url : url.slice(0, q)}`);
}

/**
 * Replaces X-Forwarded-For (and drops X-Real-IP) with the one client address
 * the throttles may trust, in both the parsed and the raw headers (the bridge
 * to the route handlers reads the raw ones, Next.js the parsed ones).
 */
function pinClientAddress(req: http.IncomingMessage, trustedHops: number) {
  const address = clientAddress(req.headers["x-forwarded-for"], req.socket.remoteAddress, trustedHops);
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name !== "x-forwarded-for" && name !== "x-real-ip") kept.push(raw[i], raw[i + 1]);
  }
  kept.push("X-Forwarded-For", address);
  raw.length = 0;
  raw.push(...kept);
  req.headers["x-forwarded-for"] = address;
  delete req.headers["x-real-ip"];
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Everything that is not the broker's: Next.js, or (broker only) the probes and a 404. */
async function otherRequests(serve: "all" | "broker", port: number): Promise<NodeHandler> {
  if (serve === "all") {
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: root, hostname: "localhost", port });
    const handleWithNext = app.getRequestHandler();
    await app.prepare();
    return (req, res) => void handleWithNext(req, res);
  }
  const { startInstance } = await import("@/lib/instance-start");
  await startInstance();
  const { baseUrl } = env();
  return (req, res) => {
    const probe = routeOf(PROBE_ROUTES, req);
    if (probe) {
      void serveWithHandler(probe, req, res, { baseUrl, maxBodyBytes: 0, onError: (e) => log.error("unhandled error on a probe", { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }) });
      return;
    }
    const body = JSON.stringify({ error: "not_found", error_description: "this instance serves the broker only (MANDATE_SERVE=broker)" });
    res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(body);
  };
}

async function main() {
  const { baseUrl, port, serve } = env();
  const handleOther = await otherRequests(serve, port);

  // SQLite: WAL checkpoints on a worker thread, not inside a request's COMMIT.
  const direct = await sqliteDirect(getDb());
  const { databaseUrl } = env();
  const checkpointer = direct ? startSqliteCheckpointer(direct, databaseUrl.slice("file:".length)) : undefined;

  const https = baseUrl.startsWith("https://");
  const { trustedProxyHops } = env();
  const server = http.createServer((req, res) => {
    pinClientAddress(req, trustedProxyHops);
    logAccess(req, res, log, countHttpResponse);
    if (https) res.setHeader(HSTS_HEADER.key, HSTS_HEADER.value);
    const route = routeOf(BROKER_ROUTES, req);
    // Undecodable paths and wrong methods on broker endpoints: a clear 4xx, not Next.js's 500 or empty 405.
    const early = route ? undefined : earlyAnswer(req.method ?? "GET", req.url ?? "/", BROKER_METHODS, String(res.getHeader("x-request-id") ?? ""));
    if (early) {
      res.writeHead(early.status, { ...early.headers, "content-length": Buffer.byteLength(early.body) });
      res.end(req.method === "HEAD" ? undefined : early.body);
      return;
    }
    if (route) {
      void serveWithHandler(route, req, res, {
        baseUrl,
        maxBodyBytes: MAX_FORM_BYTES,
        onError: (e) => log.error("unhandled error on a broker endpoint", { path: req.url?.slice(0, 200), error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
      });
      return;
    }
    handleOther(req, res);
  });
  server.keepAliveTimeout = 65_000;

  const shutdown = createShutdown({
    server,
    graceMs: SHUTDOWN_GRACE_MS,
    log,
    exit: (code) => process.exit(code),
    closeResources: async () => {
      await checkpointer?.stop();
      await getDb().$disconnect();
    },
  });
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  server.listen(port, () => log.info("listening", { port, url: baseUrl, serve }));
}

main().catch((e) => {
  log.error("the server could not start", { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  process.exit(1);
});
