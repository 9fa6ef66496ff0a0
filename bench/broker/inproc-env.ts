// The environment of the in-process drivers (inproc.ts, tail-probe.ts): a
// fresh SQLite file of their own under data/, production mode, the rate guard
// out of the way. Call before importing anything that reads lib/env.ts.
import fs from "node:fs";
import path from "node:path";

export function useInProcessEnv(name: string): { dbFile: string; baseUrl: string } {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const dbFile = path.join(root, "data", `bench-${name}-${process.pid}.db`);
  const baseUrl = "http://127.0.0.1:39999";
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: `file:${dbFile}`,
    MANDATE_URL: baseUrl,
    MANDATE_SECRET: "bench-secret-bench-secret-bench-secret-bench-0001",
    MANDATE_RATE_LIMIT_PER_MINUTE: "100000",
    MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000",
    MANDATE_LOG_LEVEL: "warn",
  });
  return { dbFile, baseUrl };
}

/** Runs a driver's main, then removes its database (and exits, for drivers whose worker threads would keep the process up). */
export function runInProcess(main: () => Promise<void>, dbFile: string, options: { exit?: boolean } = {}): void {
  main()
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(() => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
      if (options.exit) process.exit();
    });
}

/**
 * The token endpoint in-process, for the probes (tail-probe.ts,
 * alloc-probe.ts, wal-pages.ts): migrates and seeds the database of
 * useInProcessEnv, and returns `send` (one request through the route handler,
 * resolving to its status) and `prepare` (n signed token requests, round-robin
 * over the seeded agents).
 */
export async function inProcessTokenRoute(baseUrl: string) {
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(process.env.DATABASE_URL);
  const { seedBench } = await import("./seed");
  const seed = await seedBench(process.env.DATABASE_URL!, 64);
  const { loadAgents, tokenRequests } = await import("./requests");
  const tokenRoute = await import("@/app/api/oauth/token/route");
  const agents = await loadAgents(seed);
  const send = async (req: { path: string; body: string; headers: Record<string, string> }): Promise<number> => {
    const res = await tokenRoute.POST(new Request(`${baseUrl}${req.path}`, { method: "POST", headers: req.headers, body: req.body }));
    await res.text();
    return res.status;
  };
  const prepare = (n: number) => tokenRequests(agents, baseUrl, seed.audience, n);
  return { send, prepare };
}
