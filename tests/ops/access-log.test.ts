// One structured line per request, with the response's request id, without
// the query string, and probes only at debug level.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { logAccess, pathOf } from "@/lib/http/access-log";

type Line = { level: string; msg: string; fields: Record<string, unknown> };

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const lines: Line[] = [];
  const statuses: number[] = [];
  const log = { info: (msg: string, fields?: Record<string, unknown>) => lines.push({ level: "info", msg, fields: fields ?? {} }), debug: (msg: string, fields?: Record<string, unknown>) => lines.push({ level: "debug", msg, fields: fields ?? {} }) };
  const server = http.createServer((req, res) => {
    logAccess(req, res, log, (s) => statuses.push(s));
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const fetchIt = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    await res.text();
    // The log line is written on "finish", which can trail the client's read by a tick.
    await new Promise((r) => setTimeout(r, 20));
    return res;
  };
  return { lines, statuses, fetchIt, close: () => new Promise((r) => server.close(r)) };
}

describe("access log", () => {
  it("logs method, path without query, status, duration and the handler's request id", async () => {
    const s = await serve((_req, res) => {
      res.setHeader("x-request-id", "from-the-handler");
      res.statusCode = 201;
      res.end("ok");
    });
    const res = await s.fetchIt("/api/v1/agents?token=secret-looking-value");
    expect(res.headers.get("x-request-id")).toBe("from-the-handler");
    expect(s.lines).toEqual([{ level: "info", msg: "request", fields: { requestId: "from-the-handler", method: "GET", path: "/api/v1/agents", status: 201, ms: expect.any(Number) } }]);
    expect(JSON.stringify(s.lines)).not.toContain("secret-looking-value");
    expect(s.statuses).toEqual([201]);
    await s.close();
  });

  it("gives a page without a request id one, and sends it to the browser", async () => {
    const s = await serve((_req, res) => res.end("<html>"));
    const res = await s.fetchIt("/agents");
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.lines[0].fields.requestId).toBe(id);
    await s.close();
  });

  it("logs probes and static assets at debug level only", async () => {
    const s = await serve((_req, res) => res.end("{}"));
    await s.fetchIt("/api/ready");
    await s.fetchIt("/api/health?x=1");
    await s.fetchIt("/_next/static/chunks/app.js");
    await s.fetchIt("/agents");
    expect(s.lines.map((l) => l.level)).toEqual(["debug", "debug", "debug", "info"]);
    await s.close();
  });

  it("pathOf strips the query and caps the length", () => {
    expect(pathOf("/a?b=c")).toBe("/a");
    expect(pathOf(undefined)).toBe("/");
    expect(pathOf("/" + "x".repeat(1000))).toHaveLength(300);
  });
});
