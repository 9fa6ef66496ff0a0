// `npm run bench:cluster`: one vs. two Mandate instances on one PostgreSQL, at
// concurrency 64 — token requests and introspection — in one run.
//
//  1. a fresh PostgreSQL database next to BENCH_POSTGRES_URL (default
//     postgresql://postgres@127.0.0.1:5432/postgres), migrated and seeded
//     through the services (bench/broker/seed.ts: 64 owned LOW agents, one
//     protected resource);
//  2. instances started the production way (scripts/start.mjs →
//     server/main.ts) as broker nodes (MANDATE_SERVE=broker: no `next build`),
//     all with the same public URL, as behind a load balancer;
//  3. one instance: token c=64, introspect c=64; then two instances, the 64
//     connections split evenly between them: token c=64, introspect c=64;
//  4. bench/results/cluster.json and a table, with the load average before and
//     after (this machine has 2 cores: with two instances, a load generator and
//     PostgreSQL on it, the second instance mostly shows what the shared lock
//     and the shared CPU cost — read the numbers with the load average).
//
// Options: --quick (shorter runs), --keep (keep the database and logs).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { httpSender, runLoad, type LoadResult, type Sender } from "../broker/load";
import { introspectionRequests, loadAgents, loadResource, tokenRequests, type PreparedRequest } from "../broker/requests";
import { freePort, MandateInstance } from "../../tests/support/instances";
import type { BenchSeed } from "../broker/seed";

const root = path.resolve(import.meta.dirname, "..", "..");
const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const KEEP = args.has("--keep");
const SECRET = "bench-secret-0123456789-bench-secret-0123456789";
const AGENTS = 64;
const CONCURRENCY = 64;
const SECONDS = QUICK ? 4 : 10;
const DEADLINE_MS = 40_000;
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dataDir = path.join(root, "data");
const log = (m: string) => console.log(`bench:cluster: ${m}`);
const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

const baseUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbUrl = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/mandate_bench_cluster_${stamp}_${randomBytes(3).toString("hex")}`;
  return u.toString();
})();

async function adminQuery(sql: string) {
  const u = new URL(dbUrl);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Round-robin over several instances: connection i goes to instance i mod n (as a balancer spreading connections). */
function spreadSender(urls: string[], concurrency: number): Sender {
  const senders = urls.map((u) => httpSender(u, Math.ceil(concurrency / urls.length)));
  let next = 0;
  return { send: (req) => senders[next++ % senders.length].send(req), close: () => senders.forEach((s) => s.close()) };
}

type Scenario = LoadResult & { name: string; instances: number; endpoint: "token" | "introspect" };

async function measure(name: string, urls: string[], endpoint: Scenario["endpoint"], prepare: (n: number) => Promise<PreparedRequest[]>, estimate: number, onOk?: (body: string) => void): Promise<Scenario> {
  const n = Math.max(500, Math.min(QUICK ? 4_000 : 15_000, Math.round(estimate * SECONDS)));
  const requests = await prepare(n);
  const sender = spreadSender(urls, CONCURRENCY);
  try {
    const r = await runLoad(sender, requests, CONCURRENCY, (a) => a.status === 200 && onOk?.(a.body), DEADLINE_MS);
    log(`${name.padEnd(30)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.ok}/${r.requests} ok)  load ${loadavg().join(" ")}`);
    for (const e of r.firstErrors.slice(0, 3)) log(`  not ok: ${e}`);
    return { name, instances: urls.length, endpoint, ...r };
  } finally {
    sender.close();
  }
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const started = new Date();
  const loadBefore = loadavg();
  log(`load average before: ${loadBefore.join(" ")} on ${os.cpus().length} cpus; database ${new URL(dbUrl).pathname.slice(1)}`);
  process.env.DATABASE_URL = dbUrl;
  process.env.MANDATE_SECRET = SECRET;
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(dbUrl);
  const { seedBench } = await import("../broker/seed");
  const seed: BenchSeed = await seedBench(dbUrl, AGENTS);
  const agents = await loadAgents(seed);
  const resource = await loadResource(seed);

  const ports = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${ports[0]}`;
  const instances = ports.map(
    (port, i) =>
      new MandateInstance({
        name: `instance-${"AB"[i]}`,
        port,
        databaseUrl: dbUrl,
        publicUrl,
        secret: SECRET,
        logFile: path.join(dataDir, `bench-cluster-${stamp}-${"AB"[i]}.log`),
        env: { MANDATE_RATE_LIMIT_PER_MINUTE: "100000", MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000" },
      }),
  );
  const scenarios: Scenario[] = [];
  const tokens: string[] = [];
  const keep = (body: string) => {
    if (tokens.length < 20_000) tokens.push(JSON.parse(body).access_token);
  };
  let offset = 0;
  const token = (n: number) => tokenRequests(agents, publicUrl, seed.audience, n, (offset += 7));
  const introspect = (n: number) => introspectionRequests(resource, publicUrl, tokens, n, CONCURRENCY);
  try {
    await instances[0].start();
    const one = [instances[0].url];
    await measure("warm-up token (1 instance)", one, "token", token, 50, keep);
    const t1 = await measure("token c=64, 1 instance", one, "token", token, 200, keep);
    scenarios.push(t1);
    scenarios.push(await measure("introspect c=64, 1 instance", one, "introspect", introspect, 800));
    await instances[1].start();
    const both = instances.map((i) => i.url);
    await measure("warm-up token (2 instances)", both, "token", token, 50, keep);
    scenarios.push(await measure("token c=64, 2 instances", both, "token", token, t1.rps, keep));
    scenarios.push(await measure("introspect c=64, 2 instances", both, "introspect", introspect, scenarios[1].rps));
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }

  const get = (endpoint: string, n: number) => scenarios.find((s) => s.endpoint === endpoint && s.instances === n)!;
  const ratio = (e: string) => Math.round((get(e, 2).rps / get(e, 1).rps) * 100) / 100;
  const result = {
    date: started.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    config: { quick: QUICK, agents: AGENTS, concurrency: CONCURRENCY, poolSizePerInstance: Number(process.env.MANDATE_DB_POOL_SIZE ?? 10), database: "PostgreSQL (one, local)", server: "scripts/start.mjs → server/main.ts, MANDATE_SERVE=broker", loadGenerator: "node:http keep-alive, closed loop, same machine; connections split evenly across instances; requests signed before each run", secondsPerScenario: SECONDS },
    scenarios,
    twoOverOne: { token: ratio("token"), introspect: ratio("introspect") },
    note: "Indicative: a 2-core machine runs both instances, PostgreSQL and the load generator. Rerun on a quiet machine with `npm run bench:cluster`.",
  };
  const out = path.join(root, "bench", "results", "cluster.json");
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`\n${"scenario".padEnd(30)} ${"req/s".padStart(8)} ${"p50".padStart(7)} ${"p99".padStart(7)}  ok`);
  for (const s of scenarios) console.log(`${s.name.padEnd(30)} ${String(s.rps).padStart(8)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(7)}  ${s.ok}/${s.requests}`);
  console.log(`two instances / one: token ${result.twoOverOne.token}×, introspection ${result.twoOverOne.introspect}× (load average ${result.machine.loadAverageBefore.join(" ")} → ${result.machine.loadAverageAfter.join(" ")})`);
  console.log(`results: ${path.relative(root, out)}`);
}

main()
  .catch((e) => {
    console.error(`bench:cluster: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (!KEEP) {
      await adminQuery(`DROP DATABASE IF EXISTS "${new URL(dbUrl).pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
      for (const f of fs.readdirSync(dataDir)) if (f.startsWith(`bench-cluster-${stamp}`) && process.exitCode !== 1) fs.rmSync(path.join(dataDir, f), { force: true });
    }
  });
