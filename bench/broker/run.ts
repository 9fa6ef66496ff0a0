// `npm run bench:broker`: Mandate's broker under load, next to a bare limit
// harness, on this machine, in one run.
//
//  1. a fresh SQLite database under data/bench-*.db, migrated and seeded
//     through the services (64 owned LOW agents with Ed25519 keys, one
//     protected resource — see seed.ts for why not over HTTP);
//  2. the PRODUCTION server via `node scripts/start.mjs` (migrate, `next build`
//     when the sources changed, then server/main.ts: the broker's listener in
//     front of Next.js) on a free port;
//  3. POST /api/oauth/token (client_credentials, a real client assertion with a
//     fresh jti and a DPoP proof per request, an intent policy allows) at
//     concurrency 1, 16, 32 and 64; POST /api/oauth/introspect with real
//     resource-server assertions at 16 and 64; and, for scale, floors at 16:
//     a constant JSON route on the broker's listener, and /api/health through
//     Next.js;
//  4. the bare limit harness (harness-server.ts) at concurrency 32, between
//     two Mandate runs at 32 so drift on a shared machine shows;
//  5. bench/results/broker.json and a table.
//
// Options: --quick (shorter scenarios), --keep (keep the databases),
// --profile (a V8 CPU profile of the server under data/prof-server/, written
// when it stops; it serves the bundle of the last ordinary run).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { httpSender, runLoad, type LoadResult } from "./load";
import { introspectionRequests, loadAgents, loadResource, floorRequests, tokenRequests, type BenchAgent, type PreparedRequest } from "./requests";
import type { BenchSeed } from "./seed";
import { freePort, loadavg, statusOf, waitForOtherBuilds } from "../support/server";

const root = path.resolve(import.meta.dirname, "..", "..");
const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const KEEP = args.has("--keep");
const PROFILE = args.has("--profile");
const SECRET = "bench-secret-0123456789-bench-secret-0123456789"; // 48 characters, fixed
const AGENTS = 64;
// Each timed run stops at this many seconds even if requests are left: DPoP
// proofs are signed just before a run and are accepted for 60 s.
const DEADLINE_MS = 40_000;
const SECONDS = QUICK ? 4 : 10;

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dataDir = path.join(root, "data");
const dbFile = path.join(dataDir, `bench-${stamp}.db`);
const harnessDb = path.join(dataDir, `bench-${stamp}-harness.db`);
const seedFile = path.join(dataDir, `bench-${stamp}.seed.json`);
const serverLog = path.join(dataDir, `bench-${stamp}.server.log`);
const harnessLog = path.join(dataDir, `bench-${stamp}.harness.log`);
const children: ChildProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => console.log(`bench: ${m}`);

async function waitFor(url: string, child: ChildProcess, minutes: number) {
  const until = Date.now() + minutes * 60_000;
  while (Date.now() < until) {
    if (isDead(child)) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it answered; see ${path.relative(root, serverLog)}`);
    if ((await statusOf(url)) === 200) return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer within ${minutes} minutes`);
}

function mandateEnv(port: number, baseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: `file:${dbFile}`,
    MANDATE_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    MANDATE_SECRET: SECRET,
    MANDATE_RATE_LIMIT_PER_MINUTE: "100000",
    MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000",
    MANDATE_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  return env;
}

function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

async function stopAndWait(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  stop(child);
  await Promise.race([exited, sleep(10_000)]);
}

const isDead = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** A server under test: started (and, after a crash, restarted) on one port, its output in one log. */
type Target = { kind: "mandate" | "harness"; url: string; log: string; child?: ChildProcess; crashes: { scenario: string; logTail: string }[]; start(): Promise<void> };

function mandateTarget(port: number): Target {
  const url = `http://127.0.0.1:${port}`;
  const t: Target = {
    kind: "mandate",
    url,
    log: serverLog,
    crashes: [],
    async start() {
      const out = fs.openSync(serverLog, "a");
      // --cpu-prof is not allowed in NODE_OPTIONS, so a profiled server is
      // server/main.ts itself (on the bundle the last ordinary run built), not scripts/start.mjs.
      const command = PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${path.join(dataDir, "prof-server")}`, "--import", "tsx", path.join(root, "server", "main.ts")]
        : [path.join(root, "scripts", "start.mjs")];
      // Its own process group, so stopping it also stops the server under start.mjs.
      const child = spawn(process.execPath, command, { cwd: root, env: mandateEnv(port, url), stdio: ["ignore", out, out], detached: true });
      children.push(child);
      t.child = child;
      await waitFor(`${url}/api/health`, child, 20);
    },
  };
  return t;
}

function harnessTarget(port: number): Target {
  const t: Target = {
    kind: "harness",
    url: `http://127.0.0.1:${port}`,
    log: harnessLog,
    crashes: [],
    async start() {
      const out = fs.openSync(harnessLog, "a");
      const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "harness-server.ts"), seedFile, harnessDb, String(port)], { cwd: root, stdio: ["ignore", "pipe", out], detached: true });
      children.push(child);
      t.child = child;
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => d.toString().includes("harness ready") && resolve());
        child.once("exit", (code) => reject(new Error(`the harness exited (${code}); see ${path.relative(root, harnessLog)}`)));
      });
    },
  };
  return t;
}

const logTail = (file: string) => fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").slice(-12).join("\n");

type Scenario = LoadResult & { name: string; target: Target["kind"]; endpoint: "token" | "introspect" | "metadata" | "health"; crashedBefore?: boolean };
const MAX_RESTARTS = 2;

/**
 * One timed run. If the server dies during it (a crash is a finding, so it is
 * recorded with the end of the server's log), the server is restarted and the
 * run repeated once.
 */
async function measure(name: string, target: Target, endpoint: Scenario["endpoint"], concurrency: number, prepare: (n: number) => Promise<PreparedRequest[]>, estimateRps: number, onAnswer?: (body: string) => void): Promise<Scenario> {
  for (let attempt = 0; ; attempt++) {
    // Sized to last about SECONDS at the rate seen so far; prepared (signed) before the clock starts.
    const n = Math.max(200, Math.min(QUICK ? 3_000 : 12_000, Math.round(estimateRps * SECONDS)));
    const requests = await prepare(n);
    const sender = httpSender(target.url, concurrency);
    let r: LoadResult;
    try {
      r = await runLoad(sender, requests, concurrency, (a) => a.status === 200 && onAnswer?.(a.body), DEADLINE_MS);
    } finally {
      sender.close();
    }
    await sleep(200);
    if (target.child && isDead(target.child)) {
      const tail = logTail(target.log);
      target.crashes.push({ scenario: name, logTail: tail });
      log(`!! the ${target.kind} process died during "${name}" (exit ${target.child.exitCode ?? target.child.signalCode}); end of ${path.relative(root, target.log)}:\n${tail}`);
      if (target.crashes.length > MAX_RESTARTS) throw new Error(`the ${target.kind} process died ${target.crashes.length} times; giving up`);
      log(`restarting the ${target.kind} server and repeating "${name}"`);
      await target.start();
      if (attempt === 0) continue;
    }
    log(`${name.padEnd(28)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  (${r.ok}/${r.requests} ok)`);
    for (const e of r.firstErrors.slice(0, 3)) log(`  not ok: ${e}`);
    return { name, target: target.kind, endpoint, ...r, ...(attempt > 0 ? { crashedBefore: true } : {}) };
  }
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const started = new Date();
  const loadBefore = loadavg();
  log(`load average before: ${loadBefore.join(" ")} on ${os.cpus().length} cpus`);

  // The database: migrated and seeded before the server starts (start.mjs then finds it up to date).
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.MANDATE_SECRET = SECRET;
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(`file:${dbFile}`);
  const { seedBench } = await import("./seed");
  const seed: BenchSeed = await seedBench(`file:${dbFile}`, AGENTS);
  fs.writeFileSync(seedFile, JSON.stringify(seed), { mode: 0o600 });
  log(`seeded ${seed.agents.length} agents and a resource into ${path.relative(root, dbFile)}`);
  const agents: BenchAgent[] = await loadAgents(seed);
  const resource = await loadResource(seed);

  await waitForOtherBuilds(log);
  const mandate = mandateTarget(await freePort());
  log(`starting the production server (node scripts/start.mjs) on ${mandate.url}; log in ${path.relative(root, serverLog)}`);
  await mandate.start();
  log("server is up");

  const tokens: string[] = [];
  const keepToken = (body: string) => {
    if (tokens.length < 20_000) tokens.push(JSON.parse(body).access_token);
  };
  const token = (url: string, offset = 0) => (n: number) => tokenRequests(agents, url, seed.audience, n, offset);
  const introspect = (c: number) => (n: number) => introspectionRequests(resource, mandate.url, tokens, n, c);

  const warm = await measure("warm-up token c=8", mandate, "token", 8, token(mandate.url), 100, keepToken);
  await measure("warm-up introspect c=8", mandate, "introspect", 8, introspect(8), 200);
  const scenarios: Scenario[] = [];
  let rps = warm.rps;
  // At least 1,000 samples: the p99 at concurrency 1 is a target.
  scenarios.push(await measure("token c=1", mandate, "token", 1, token(mandate.url), Math.max(100, 1000 / Math.max(warm.p50 / 8, 1)), keepToken));
  for (const c of [16, 32, 64]) {
    const s = await measure(`token c=${c}`, mandate, "token", c, token(mandate.url), rps, keepToken);
    rps = s.rps;
    scenarios.push(s);
  }
  let introRps = 1000;
  for (const c of [16, 64]) {
    const s = await measure(`introspect c=${c}`, mandate, "introspect", c, introspect(c), introRps);
    introRps = s.rps;
    scenarios.push(s);
  }
  // Not targets: what the broker's listener and Next.js cost per request on this machine now.
  scenarios.push(await measure("listener floor c=16", mandate, "metadata", 16, async (n) => floorRequests(n, "/.well-known/oauth-authorization-server"), introRps));
  scenarios.push(await measure("next.js floor c=16", mandate, "health", 16, async (n) => floorRequests(n, "/api/health"), introRps / 2));

  const harness = harnessTarget(await freePort());
  await harness.start();
  await measure("warm-up harness c=8", harness, "token", 8, token(harness.url), 300);
  // For scale, not a target: at concurrency 1 each request waits for its own fsync, harness or not.
  const bareC1 = await measure("harness token c=1", harness, "token", 1, token(harness.url), 300);
  const bare = await measure("harness token c=32", harness, "token", 32, token(harness.url), 900);
  if (harness.child) await stopAndWait(harness.child);
  // Mandate at 32 once more, right after the harness: the ratio uses both runs.
  const again = await measure("token c=32 (again)", mandate, "token", 32, token(mandate.url, 7), rps);
  scenarios.push(again);
  if (mandate.child) await stopAndWait(mandate.child);

  const clean = (s: LoadResult) => s.ok === s.requests;
  const first32 = scenarios.find((s) => s.name === "token c=32")!;
  const mandate32 = (first32.rps + again.rps) / 2;
  const ratio = Math.round((mandate32 / bare.rps) * 1000) / 1000;
  const c1 = scenarios.find((s) => s.name === "token c=1")!;
  const i16 = scenarios.find((s) => s.name === "introspect c=16")!;
  // A run with failed requests meets nothing, however fast it was.
  const targets = {
    ratioAtConcurrency32: { target: ">= 0.5", value: ratio, met: ratio >= 0.5 && clean(first32) && clean(again) && clean(bare) },
    tokenP99AtConcurrency1Ms: { target: "<= 10", value: c1.p99, met: c1.p99 <= 10 && clean(c1) },
    introspectionRpsAtConcurrency16: { target: ">= 1500", value: i16.rps, met: i16.rps >= 1500 && clean(i16) },
  };
  const allOk = [...scenarios, bareC1, bare].every(clean);
  keepLogs ||= !allOk || mandate.crashes.length > 0 || harness.crashes.length > 0;
  const loadAfter = loadavg();
  const result = {
    date: started.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.release()}`, totalMemoryMb: Math.round(os.totalmem() / 2 ** 20), loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
    config: { quick: QUICK, agents: AGENTS, database: "SQLite (WAL, synchronous=FULL)", server: "scripts/start.mjs → server/main.ts (broker listener + Next.js)", loadGenerator: "node:http keep-alive, closed loop, same machine; assertions and DPoP proofs signed before each timed run", secondsPerScenario: SECONDS },
    scenarios: scenarios.map(({ name, target, endpoint, concurrency, requests, ok, seconds, rps, p50, p95, p99, max, statuses, crashedBefore }) => ({ name, target, endpoint, concurrency, requests, ok, seconds, rps, p50Ms: p50, p95Ms: p95, p99Ms: p99, maxMs: max, statuses, ...(crashedBefore ? { crashedBefore } : {}) })),
    harness: { name: bare.name, concurrency: 32, requests: bare.requests, ok: bare.ok, rps: bare.rps, p50Ms: bare.p50, p95Ms: bare.p95, p99Ms: bare.p99 },
    harnessAtConcurrency1: { requests: bareC1.requests, ok: bareC1.ok, rps: bareC1.rps, p50Ms: bareC1.p50, p95Ms: bareC1.p95, p99Ms: bareC1.p99 },
    mandateRpsAtConcurrency32: Math.round(mandate32 * 10) / 10,
    ratio,
    targets,
    allRequestsOk: allOk,
    crashes: { mandate: mandate.crashes, harness: harness.crashes },
  };
  const out = path.join(root, "bench", "results", "broker.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");

  console.log(`\nMandate broker benchmark — ${result.date}, ${result.machine.cpus} cpus, Node ${result.machine.node}, load ${loadBefore.join("/")} → ${loadAfter.join("/")}`);
  console.log(`${"scenario".padEnd(22)}${"conc".padStart(5)}${"requests".padStart(10)}${"req/s".padStart(10)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p99 ms".padStart(9)}`);
  for (const s of [...scenarios, bareC1, bare]) console.log(`${s.name.padEnd(22)}${String(s.concurrency).padStart(5)}${String(s.requests).padStart(10)}${String(s.rps).padStart(10)}${String(s.p50).padStart(9)}${String(s.p95).padStart(9)}${String(s.p99).padStart(9)}`);
  console.log(`\nMandate at c=32: ${result.mandateRpsAtConcurrency32} req/s = ${(ratio * 100).toFixed(1)}% of the harness (${bare.rps} req/s)`);
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v.met ? "met    " : "NOT met"} ${k}: ${v.value} (target ${v.target})`);
  if (!allOk) console.log("  some requests were not answered 200 — see the lines marked 'not ok' above");
  for (const t of [mandate, harness]) if (t.crashes.length) console.log(`  the ${t.kind} process CRASHED ${t.crashes.length} time(s): ${t.crashes.map((c) => c.scenario).join(", ")} (see crashes in the results file)`);
  console.log(`results: ${path.relative(root, out)}`);
}

/** Set when a run failed, crashed or left requests unanswered: the server logs are kept to read. */
let keepLogs = false;

function cleanUp() {
  for (const c of children) stop(c);
  if (KEEP) return;
  for (const f of [dbFile, harnessDb]) for (const s of ["", "-wal", "-shm"]) fs.rmSync(f + s, { force: true });
  fs.rmSync(seedFile, { force: true });
  if (keepLogs) log(`logs kept: ${path.relative(root, serverLog)}, ${path.relative(root, harnessLog)}`);
  else for (const f of [serverLog, harnessLog]) fs.rmSync(f, { force: true });
}

process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});
main()
  .catch((e) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    keepLogs = true;
    process.exitCode = 1;
  })
  .finally(cleanUp);
