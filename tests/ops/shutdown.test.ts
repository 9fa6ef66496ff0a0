// Graceful shutdown (server/shutdown.ts) on a real HTTP server: not ready at
// once, requests in flight finish, new connections are refused, background
// work stops, the database closes last, exit 0 — or exit 1 when a request
// outlives the grace period.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isDraining, onShutdown, resetLifecycleForTests } from "@/lib/lifecycle";
import { createShutdown } from "@/server/shutdown";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function serverWithSlowRoute() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const inFlight = new Promise<void>((r) => (arrived = r));
  const server = http.createServer(async (req, res) => {
    if (req.url === "/slow") {
      arrived();
      await released;
    }
    res.end("done");
  });
  return { server, release, inFlight };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

afterEach(() => resetLifecycleForTests());

describe("graceful shutdown", () => {
  it("drains: not ready at once, the request in flight completes, jobs stop, then the database closes and the exit code is 0", async () => {
    const { server, release, inFlight } = serverWithSlowRoute();
    const port = await listen(server);
    const order: string[] = [];
    onShutdown("jobs", async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push("jobs stopped");
    });
    let exitCode: number | undefined;
    const shutdown = createShutdown({ server, graceMs: 5_000, log: quiet, exit: (c) => (exitCode = c), closeResources: async () => void order.push("database closed") });

    const slow = get(port, "/slow");
    await inFlight;
    const done = shutdown("SIGTERM");
    expect(isDraining()).toBe(true);
    // A second signal does not start a second shutdown.
    expect(shutdown("SIGINT")).toBe(done);
    await expect(get(port, "/")).rejects.toThrow(/ECONNREFUSED/);
    expect(exitCode).toBeUndefined();

    release();
    expect(await slow).toEqual({ status: 200, body: "done" });
    await done;
    expect(order).toEqual(["jobs stopped", "database closed"]);
    expect(exitCode).toBe(0);
  });

  it("cuts requests that outlive the grace period and exits 1", async () => {
    const { server, release, inFlight } = serverWithSlowRoute();
    const port = await listen(server);
    let exitCode: number | undefined;
    let closed = false;
    const shutdown = createShutdown({ server, graceMs: 150, log: quiet, exit: (c) => (exitCode = c), closeResources: async () => void (closed = true) });
    const slow = get(port, "/slow");
    await inFlight;
    await shutdown("SIGTERM");
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(closed).toBe(true);
    expect(exitCode).toBe(1);
    release();
  });

  it("still closes the database and exits when a background task fails to stop", async () => {
    const server = http.createServer((_q, r) => r.end());
    await listen(server);
    const errors: string[] = [];
    onShutdown("broken", async () => {
      throw new Error("worker gone");
    });
    let exitCode: number | undefined;
    let closed = false;
    await createShutdown({ server, graceMs: 1_000, log: { ...quiet, error: (m, f) => errors.push(`${m}: ${String(f?.error)}`) }, exit: (c) => (exitCode = c), closeResources: async () => void (closed = true) })("SIGTERM");
    expect(errors).toEqual(["a background task did not stop cleanly: worker gone"]);
    expect(closed).toBe(true);
    expect(exitCode).toBe(0);
  });
});
