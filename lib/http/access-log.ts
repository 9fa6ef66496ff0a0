// One structured line per answered request, with the request id the response
// carries (API routes and the broker set it; pages get one here). The path is
// logged without its query string, which could carry identifiers or tokens.
import { randomUUID } from "node:crypto";
import type http from "node:http";

type Logger = { info: (msg: string, f?: Record<string, unknown>) => void; debug: (msg: string, f?: Record<string, unknown>) => void };

/** Probes arrive every few seconds and static assets by the dozen: debug level only. */
const PROBES = new Set(["/api/health", "/api/ready", "/api/metrics"]);
const isQuiet = (path: string) => PROBES.has(path) || path.startsWith("/_next/static/") || path === "/favicon.ico";

export function pathOf(url: string | undefined): string {
  const u = url ?? "/";
  const q = u.indexOf("?");
  return (q === -1 ? u : u.slice(0, q)).slice(0, 300);
}

export function logAccess(req: http.IncomingMessage, res: http.ServerResponse, log: Logger, onAnswered?: (status: number) => void): void {
  const started = performance.now();
  const fallbackId = randomUUID();
  // A handler that sets its own id (every API route does) overrides this one.
  res.setHeader("x-request-id", fallbackId);
  let done = false;
  const finish = (aborted: boolean) => {
    if (done) return;
    done = true;
    const path = pathOf(req.url);
    const requestId = String(res.getHeader("x-request-id") ?? fallbackId);
    const fields = { requestId, method: req.method, path, status: aborted && !res.headersSent ? 0 : res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, ...(aborted ? { aborted: true } : {}) };
    onAnswered?.(fields.status);
    (isQuiet(path) ? log.debug : log.info)("request", fields);
  };
  res.once("finish", () => finish(false));
  res.once("close", () => finish(!res.writableFinished));
}
