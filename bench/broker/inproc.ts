// Profiling aid: the token and introspection route handlers driven in-process
// (no Next server, no build), with the same seeded agents and prepared
// requests as the benchmark. Quick to re-run after a change under lib/, and
// easy to profile:
//
//   node --import tsx bench/broker/inproc.ts [requests] [concurrency]
//   MANDATE_BENCH_PROFILE=data/prof/token.cpuprofile node --import tsx bench/broker/inproc.ts
//
// With MANDATE_BENCH_PROFILE set, only the timed token runs are profiled
// (not seeding or warm-up); summarise with bench/broker/profile-summary.mjs.
//
// Numbers from here are not the benchmark's (no HTTP, no Next); use them to
// compare a change with its baseline.
import fs from "node:fs";
import path from "node:path";
import { runInProcess, useInProcessEnv } from "./inproc-env";
import inspector from "node:inspector/promises";

const { dbFile, baseUrl } = useInProcessEnv("inproc");

/** CPU time (user + system) this process spent per request since `since`: steadier than wall time on a busy machine. */
function cpuPerRequest(since: NodeJS.CpuUsage, requests: number): string {
  const d = process.cpuUsage(since);
  return `${Math.round((d.user + d.system) / requests)} (user ${Math.round(d.user / requests)}, system ${Math.round(d.system / requests)})`;
}

const CHUNK = 5000;

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const concurrency = Number(process.argv[3] ?? 32);
  const timing = process.env.MANDATE_BENCH_SQL_TIMING ? await import("./sql-timing") : undefined;
  timing?.installSqlTiming();
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(process.env.DATABASE_URL);
  const { seedBench } = await import("./seed");
  const seed = await seedBench(process.env.DATABASE_URL!, 64);
  const { loadAgents, loadResource, tokenRequests, introspectionRequests } = await import("./requests");
  const { runLoad } = await import("./load");
  const tokenRoute = await import("@/app/api/oauth/token/route");
  const introspectRoute = await import("@/app/api/oauth/introspect/route");
  // As server/main.ts does: WAL checkpoints on a worker thread (MANDATE_BENCH_INLINE_CHECKPOINTS=1 to compare).
  if (!process.env.MANDATE_BENCH_INLINE_CHECKPOINTS) {
    const { getDb, sqliteDirect } = await import("@/lib/db/client");
    const { startSqliteCheckpointer } = await import("@/lib/db/sqlite-checkpointer");
    startSqliteCheckpointer((await sqliteDirect(getDb()))!, dbFile);
  }
  const agents = await loadAgents(seed);
  const resource = await loadResource(seed);

  const sender = {
    send: async (req: { path: string; body: string; headers: Record<string, string> }) => {
      const handler = req.path.endsWith("/token") ? tokenRoute.POST : introspectRoute.POST;
      const res = await handler(new Request(`${baseUrl}${req.path}`, { method: "POST", headers: req.headers, body: req.body }));
      return { status: res.status, body: await res.text() };
    },
    close: () => {},
  };
  const tokens: string[] = [];
  const keep = (a: { status: number; body: string }) => {
    if (a.status === 200) tokens.push(JSON.parse(a.body).access_token);
  };
  await runLoad(sender, await tokenRequests(agents, baseUrl, seed.audience, 300), 8, keep); // warm-up
  timing?.resetSqlTiming();
  const profileTo = process.env.MANDATE_BENCH_PROFILE;
  const session = profileTo ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  for (const c of (process.env.MANDATE_BENCH_ORDER ?? `1,${concurrency}`).split(",").map(Number)) {
    // In chunks: a DPoP proof is accepted for 60 s after it was signed.
    for (let left = c === 1 ? Math.min(n, 1000) : n; left > 0; left -= CHUNK) {
      const prepared = await tokenRequests(agents, baseUrl, seed.audience, Math.min(left, CHUNK));
      const cpu = process.cpuUsage();
      const r = await runLoad(sender, prepared, c, keep);
      console.log(`token      c=${String(c).padEnd(3)} ${r.rps} req/s  p50 ${r.p50} ms  p95 ${r.p95}  p99 ${r.p99}  ok ${r.ok}/${r.requests}  cpu ${cpuPerRequest(cpu, r.requests)} µs/req${r.firstErrors.length ? `  first error: ${r.firstErrors[0]}` : ""}`);
    }
  }
  if (session && profileTo) {
    const { profile } = await session.post("Profiler.stop");
    fs.mkdirSync(path.dirname(profileTo), { recursive: true });
    fs.writeFileSync(profileTo, JSON.stringify(profile));
    session.disconnect();
  }
  timing?.printSqlTiming();
  const introRequests = await introspectionRequests(resource, baseUrl, tokens, Math.min(n * 2, 20_000), 16);
  const cpu = process.cpuUsage();
  const intro = await runLoad(sender, introRequests, 16);
  console.log(`introspect c=16  ${intro.rps} req/s  p50 ${intro.p50} ms  p95 ${intro.p95}  p99 ${intro.p99}  ok ${intro.ok}/${intro.requests}  cpu ${cpuPerRequest(cpu, intro.requests)} µs/req`);
}

runInProcess(main, dbFile);
