// `npm run bench:evidence`: the log browser at scale. Seeds a fresh SQLite
// database with N decision-related audit events (default 1,000,000; seed.ts),
// then times the server side of GET /api/v1/audit/events — the same service
// function the route calls (listAuditLog), in process, so the figure is the
// database and service time without HTTP — for the first page and five
// filtered views, each run repeatedly, and reports p50/p95/max.
// Writes the `logs` section of bench/results/evidence.json (other sections of
// that file — chain verification, export — are kept as they are).
//
// Options: --events N, --runs N (timed runs per query, default 40), --reuse
// (keep and reuse data/bench-evidence.db when it already has N events).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedEvidenceDatabase, type EvidenceSeed } from "./seed";

const root = path.resolve(import.meta.dirname, "..", "..");
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const EVENTS = Number(opt("events") ?? 1_000_000);
const RUNS = Number(opt("runs") ?? 40);
const WARMUP = 3;
const REUSE = argv.includes("--reuse");
const TARGET_MS = 150;
const file = path.join(root, "data", "bench-evidence.db");
const seedInfo = path.join(root, "data", "bench-evidence.json");

process.env.MANDATE_SECRET ??= "bench-secret-0123456789-bench-secret-0123456789";
process.env.MANDATE_LOG_LEVEL ??= "error";
process.env.DATABASE_URL = `file:${file}`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  let seed: EvidenceSeed;
  const previous = REUSE && fs.existsSync(seedInfo) && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(seedInfo, "utf8")) as EvidenceSeed & { requested?: number }) : null;
  // The seed stops at the first whole decision past the target, so it records what was asked for.
  if (previous && previous.requested === EVENTS) {
    seed = { ...previous, from: new Date(previous.from), to: new Date(previous.to) };
    console.log(`reusing ${file} (${seed.events.toLocaleString("en")} events)`);
  } else {
    console.log(`seeding ${EVENTS.toLocaleString("en")} events into ${path.relative(root, file)} …`);
    seed = await seedEvidenceDatabase({ file, events: EVENTS, log: console.log });
    fs.writeFileSync(seedInfo, JSON.stringify({ ...seed, requested: EVENTS }));
    console.log(`seeded in ${seed.seconds.toFixed(1)} s: ${seed.decisions.toLocaleString("en")} decisions, ${seed.credentials.toLocaleString("en")} credentials, ${seed.stepUps.toLocaleString("en")} step-ups`);
  }

  // Imported after DATABASE_URL is set: lib/env reads it once.
  const { getDb } = await import("@/lib/db/client");
  const { ZLogQuery } = await import("@/lib/schemas/audit-log");
  const { listAuditLog } = await import("@/lib/services/audit-log/list-audit-log");
  const db = getDb();
  const auditor = { kind: "user" as const, id: seed.auditorId, email: "auditor@bench.example", name: "Bench Auditor", role: "AUDITOR" as const, via: "session" as const };
  const ctx = { db, now: () => new Date() };
  const sixHoursAgo = new Date(seed.to.getTime() - 6 * 3_600_000);
  const busiestAgent = seed.agentIds[7];

  const queries: { name: string; query: Record<string, string | number> }[] = [
    { name: "first page (no filter)", query: {} },
    { name: "outcome = DENY", query: { outcome: "DENY" } },
    { name: "one agent", query: { agentId: busiestAgent } },
    { name: "last 6 h, STEP_UP", query: { from: sixHoursAgo.toISOString(), to: seed.to.toISOString(), outcome: "STEP_UP" } },
    { name: "audience + action (refund)", query: { audience: "https://payments.internal", action: "refund" } },
    { name: "free text in intent", query: { q: "rotate the api key" } },
  ];

  // Keyset paging costs the same on page 2 as on page 1: measured on the tenth page of the unfiltered log.
  let tenth: string | null = null;
  for (let i = 0, cursor: string | null = null; i < 9; i++) {
    const page = await listAuditLog(ctx, auditor, ZLogQuery.parse(cursor ? { cursor } : {}));
    cursor = tenth = page.nextCursor;
  }
  queries.splice(1, 0, { name: "tenth page (keyset cursor)", query: { cursor: tenth! } });

  const results = [];
  for (const q of queries) {
    const parsed = ZLogQuery.parse(q.query);
    const times: number[] = [];
    let items = 0;
    let partial = false;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = performance.now();
      const page = await listAuditLog(ctx, auditor, parsed);
      const ms = performance.now() - t0;
      if (i >= WARMUP) times.push(ms);
      items = page.items.length;
      partial = page.partial;
    }
    times.sort((a, b) => a - b);
    const r = { name: q.name, query: q.query, runs: RUNS, items, partial, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(times[times.length - 1]), targetMs: TARGET_MS, withinTarget: percentile(times, 95) <= TARGET_MS };
    results.push(r);
    console.log(`${q.name.padEnd(30)} p50 ${String(r.p50Ms).padStart(7)} ms   p95 ${String(r.p95Ms).padStart(7)} ms   max ${String(r.maxMs).padStart(7)} ms   ${items} rows${partial ? " (partial: budget reached)" : ""}`);
  }
  await db.$disconnect();

  const out = path.join(root, "bench", "results", "evidence.json");
  const existing = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, unknown>) : {};
  const logs = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.release()}` },
    database: { engine: "sqlite", events: seed.events, decisions: seed.decisions, credentials: seed.credentials, stepUps: seed.stepUps, fileMb: round(fs.statSync(file).size / 1e6), seedSeconds: round(seed.seconds) },
    method: "listAuditLog (the service behind GET /api/v1/audit/events) in process, page size 50, after 3 warm-up runs; times are wall-clock per call. The 'tenth page' row is extra (keyset paging does not slow down with depth); the five filtered views are the rows after it",
    queries: results,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ ...existing, logs }, null, 2) + "\n");
  console.log(`\n${results.every((r) => r.withinTarget) ? "all" : "NOT all"} p95 ≤ ${TARGET_MS} ms → ${path.relative(root, out)}`);

  // The chain and export half, on the same database (each in a child process of its own).
  if (!argv.includes("--logs-only")) {
    console.log("\nverifying the whole chain, then exporting the whole period …");
    const { measureChainAndExport } = await import("./chain-export");
    const m = await measureChainAndExport(file);
    const chain = { measuredAt: new Date().toISOString(), events: m.events, ...m.verifyChain, withinTarget: m.verifyChain.ok && m.verifyChain.seconds <= m.verifyChain.targetSeconds };
    const exported = { measuredAt: new Date().toISOString(), ...m.export, withinTarget: m.export.seconds <= m.export.targetSeconds && m.export.peakRssMb < m.export.targetPeakRssMb };
    console.log(`verify-chain  ${m.verifyChain.seconds.toFixed(1)} s (${m.verifyChain.ok ? "intact" : "BROKEN"}, target ≤ ${m.verifyChain.targetSeconds} s)`);
    console.log(`export        ${m.export.seconds.toFixed(1)} s, peak RSS ${m.export.peakRssMb} MB, ${m.export.eventsExported.toLocaleString("en")} events, ${m.export.bundleMb} MB (targets ≤ ${m.export.targetSeconds} s, < ${m.export.targetPeakRssMb} MB)`);
    const now = JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(out, JSON.stringify({ ...now, chain, export: exported }, null, 2) + "\n");
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
