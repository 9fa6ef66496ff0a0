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
import http from "node:http";
import path from "node:path";
import next from "next";
import { env } from "@/lib/env";
import { getDb, sqliteDirect } from "@/lib/db/client";
import { startSqliteCheckpointer } from "@/lib/db/sqlite-checkpointer";
import { log } from "@/lib/log";
import { MAX_FORM_BYTES } from "@/lib/http/form";
import { serveWithHandler, type WebHandler } from "@/lib/http/node-bridge";
import { logAccess } from "@/lib/http/access-log";
import { HSTS_HEADER } from "@/lib/http/security-headers";
import { countHttpResponse } from "@/lib/metrics/broker-metrics";
import { createShutdown } from "./shutdown";
import * as token from "@/app/api/oauth/token/route";
import * as introspect from "@/app/api/oauth/introspect/route";
import * as revoke from "@/app/api/oauth/revoke/route";
import * as jwks from "@/app/.well-known/jwks.json/route";
import * as metadata from "@/app/.well-known/oauth-authorization-server/route";

const root = path.resolve(import.meta.dirname, "..");
/** Requests in flight get this long to finish at shutdown (orchestrators wait 30 s by default before SIGKILL). */
const SHUTDOWN_GRACE_MS = 20_000;

/** Method + path → handler. Any other method on these paths goes to Next.js (which answers 405). */
const BROKER_ROUTES = new Map<string, WebHandler>([
  ["POST /api/oauth/token", token.POST],
  ["POST /api/oauth/introspect", introspect.POST],
  ["POST /api/oauth/revoke", revoke.POST],
  ["GET /.well-known/jwks.json", jwks.GET],
  ["GET /.well-known/oauth-authorization-server", metadata.GET],
]);

function brokerRoute(req: http.IncomingMessage): WebHandler | undefined {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return BROKER_ROUTES.get(`${req.method} ${q === -1 ? url : url.slice(0, q)}`);
}

async function main() {
  const { baseUrl, port } = env();
  const app = next({ dev: false, dir: root, hostname: "localhost", port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  // SQLite: WAL checkpoints on a worker thread, not inside a request's COMMIT.
  const direct = await sqliteDirect(getDb());
  const { databaseUrl } = env();
  const checkpointer = direct ? startSqliteCheckpointer(direct, databaseUrl.slice("file:".length)) : undefined;

  const https = baseUrl.startsWith("https://");
  const server = http.createServer((req, res) => {
    logAccess(req, res, log, countHttpResponse);
    if (https) res.setHeader(HSTS_HEADER.key, HSTS_HEADER.value);
    const route = brokerRoute(req);
    if (route) {
      void serveWithHandler(route, req, res, {
        baseUrl,
        maxBodyBytes: MAX_FORM_BYTES,
        onError: (e) => log.error("unhandled error on a broker endpoint", { path: req.url?.slice(0, 200), error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
      });
      return;
    }
    void handleWithNext(req, res);
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

  server.listen(port, () => log.info("listening", { port, url: baseUrl }));
}

main().catch((e) => {
  log.error("the server could not start", { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  process.exit(1);
});
