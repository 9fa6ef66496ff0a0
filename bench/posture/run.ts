// `npm run bench:posture`: the posture evaluation at scale. Seeds a fresh
// database with 10,000 agents and 1,000,000 decisions (seed.ts), then times
// the same function the scheduler calls (evaluatePosture), in process:
//   1. the first scheduled run (every finding is new: rows are inserted),
//   2. further scheduled runs (steady state: findings refreshed, none new),
//   3. a run for one agent, as after a change to it.
// Target: a scheduled run in ≤ 5 s. Prints a table; record it in results.md.
//
// Options: --agents N, --decisions N, --runs N (steady-state runs, default 3), --postgres <url> (a server to create a
// throwaway database on; default SQLite under data/), --keep (keep the database).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { seedPosture } from "./seed";
// @ts-expect-error — plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const AGENTS = Number(opt("agents") ?? 10_000);
const DECISIONS = Number(opt("decisions") ?? 1_000_000);
const POSTGRES = opt("postgres");
const KEEP = argv.includes("--keep");
const STEADY_RUNS = Number(opt("runs") ?? 3);
const TARGET_MS = 5_000;

process.env.MANDATE_SECRET ??= "bench-secret-0123456789-bench-secret-0123456789";
process.env.MANDATE_LOG_LEVEL ??= "error";

async function createPostgres(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mandate_bench_posture_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main() {
  let url: string;
  let cleanup = async () => {};
  if (POSTGRES) {
    const created = await createPostgres(POSTGRES);
    url = created.url;
    cleanup = created.drop;
  } else {
    const file = path.join(root, "data", "bench-posture.db");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
    cleanup = async () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    };
  }
  const engine = POSTGRES ? "postgresql" : "sqlite";
  process.env.DATABASE_URL = url;
  await migrate(url);
  const now = new Date();
  console.log(`seeding ${AGENTS.toLocaleString("en")} agents and ${DECISIONS.toLocaleString("en")} decisions (${engine}) …`);
  const seed = await seedPosture(url, { agents: AGENTS, decisions: DECISIONS, now, log: console.log });
  console.log(`seeded in ${seed.seconds.toFixed(1)} s`);
  if (POSTGRES) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("ANALYZE");
    await c.end();
  }

  // Imported after DATABASE_URL is set: env() is parsed once.
  const { createDb } = await import("@/lib/db/client");
  const { evaluatePosture } = await import("@/lib/services/posture/evaluate-posture");
  const db = createDb(url);
  // Connecting (and Prisma loading its query compiler) is not the evaluation: done before the clock starts.
  await db.agentIdentity.count();
  const clock = () => new Date();
  // Wall time and this process's CPU time (SQLite runs in-process, so its work is counted;
  // on a machine shared with other work, CPU time is the steadier figure).
  const timed = async (label: string, fn: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await fn();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { label, ms, cpuMs: (c.user + c.system) / 1000, result };
  };
  const rows = [await timed("first scheduled run (all findings new)", () => evaluatePosture(db, clock, { trigger: "SCHEDULED" }))];
  for (let i = 1; i <= STEADY_RUNS; i++) rows.push(await timed(`scheduled run ${i + 1} (steady state)`, () => evaluatePosture(db, clock, { trigger: "SCHEDULED" })));
  rows.push(await timed("one agent, after a change to it", () => evaluatePosture(db, clock, { trigger: "EVENT", agentIds: ["a000007"] })));
  const open = await db.postureFinding.groupBy({ by: ["kind"], where: { resolvedAt: null }, _count: { _all: true } });
  await db.$disconnect();

  console.log("");
  console.log(`posture evaluation — ${engine}, ${AGENTS.toLocaleString("en")} agents, ${DECISIONS.toLocaleString("en")} decisions, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"})`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")}`);
  console.log("| run | wall | CPU | agents | opened | resolved | open after |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const x = r.result as { ran: boolean; agentsEvaluated?: number; opened?: number; resolved?: number; openTotal?: number };
    console.log(`| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${x.agentsEvaluated ?? "-"} | ${x.opened ?? "-"} | ${x.resolved ?? "-"} | ${x.openTotal ?? "-"} |`);
  }
  console.log(`open findings by kind: ${open.map((g) => `${g.kind} ${g._count._all}`).join(", ")}`);
  const scheduled = rows.slice(0, 1 + STEADY_RUNS);
  const worst = Math.max(...scheduled.map((r) => r.ms));
  console.log(worst <= TARGET_MS ? `within the target (≤ ${TARGET_MS / 1000} s)` : `OVER the target (≤ ${TARGET_MS / 1000} s): ${(worst / 1000).toFixed(2)} s`);
  if (!KEEP) await cleanup();
  if (worst > TARGET_MS) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
