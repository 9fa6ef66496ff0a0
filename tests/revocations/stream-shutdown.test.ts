// Graceful shutdown with revocation streams open, on a real HTTP server
// through the production bridge (lib/http/node-bridge.ts streams
// text/event-stream answers): a stream never ends by itself within the grace
// period, so the hub's shutdown hook must end it — the subscriber's read
// finishes, its socket closes (the bridge answers `connection: close`), the
// server closes, and the exit code is 0, well before the grace period.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { testResource } from "@/tests/support/broker-fixtures";
import type { TestResource } from "@/tests/support/agent-client";
import { serveWithHandler } from "@/lib/http/node-bridge";
import { resetLifecycleForTests } from "@/lib/lifecycle";
import { resetProcessRevocationHub } from "@/lib/services/revocations/revocation-hub";
import { createShutdown } from "@/server/shutdown";
import * as streamRoute from "@/app/api/v1/revocations/stream/route";
import { STREAM_URL, streamAssertion } from "./stream-support";

const t = useTestDatabase();
let rs: TestResource;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  resetLifecycleForTests();
  rs = await testResource(t.ctx(), await seedUser(t.ctx(), "ADMIN"));
});
afterAll(async () => {
  await resetProcessRevocationHub();
  resetLifecycleForTests();
});

/** Opens a stream over real HTTP and resolves once its catch-up is done; `ended` resolves with everything read. */
function openOverHttp(port: number, authorization: string): Promise<{ headers: http.IncomingHttpHeaders; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: new URL(STREAM_URL).pathname, headers: { authorization, accept: "text/event-stream" } }, (res) => {
      let text = "";
      let ready = false;
      const ended = new Promise<string>((done, fail) => {
        res.on("end", () => done(text));
        res.on("error", fail);
      });
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        if (!ready && text.includes("event: ready\n")) {
          ready = true;
          resolve({ headers: res.headers, ended });
        }
      });
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
    });
    req.on("error", reject);
  });
}

describe("shutdown with open revocation streams", () => {
  it("ends every stream, closes their connections and exits 0 long before the grace period", async () => {
    const server = http.createServer((req, res) => void serveWithHandler(streamRoute.GET, req, res, { baseUrl: new URL(STREAM_URL).origin, maxBodyBytes: 1024 }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const streams = [await openOverHttp(port, `Bearer ${await streamAssertion(rs)}`), await openOverHttp(port, `Bearer ${await streamAssertion(rs)}`)];
    expect(streams[0].headers).toMatchObject({ "content-type": "text/event-stream; charset=utf-8", connection: "close", "cache-control": "no-store, no-transform" });
    // Streamed, not buffered: the catch-up arrived while the answer is still open.
    expect(streams[0].headers["content-length"]).toBeUndefined();

    let exitCode: number | undefined;
    let closed = false;
    const started = Date.now();
    await createShutdown({ server, graceMs: 10_000, log: quiet, exit: (c) => (exitCode = c), closeResources: async () => void (closed = true) })("SIGTERM");
    for (const s of streams) expect(await s.ended).toMatch(/^retry: 2000\n[\s\S]*event: ready\n/);
    expect(exitCode).toBe(0);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
