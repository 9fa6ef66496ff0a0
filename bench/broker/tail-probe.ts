// Profiling aid: where the token endpoint's latency tail at concurrency 1
// comes from. Drives the route in-process (as inproc.ts) one request at a
// time and, for every request, records its wall time next to what overlapped
// it: garbage collections (PerformanceObserver "gc"), the WAL fdatasync, and
// the time before, in and after the request's direct transaction. Prints the
// slow requests' share of each.
//
//   node --import tsx bench/broker/tail-probe.ts [requests]
//   MANDATE_TAIL_CHECKPOINT_MS=1000   background checkpoint interval (default 250, as served)
//   MANDATE_TAIL_NO_CHECKPOINTS=1     no checkpoints at all while measuring (prints WAL pages per request)
//   MANDATE_BENCH_INLINE_CHECKPOINTS=1  SQLite's own inline checkpoints
//   MANDATE_TAIL_MS=8                 what counts as slow (default twice the median)
import fs from "node:fs";
import { inProcessTokenRoute, runInProcess, useInProcessEnv } from "./inproc-env";
import { performance, PerformanceObserver } from "node:perf_hooks";

const { dbFile, baseUrl } = useInProcessEnv("tail");

type Span = { start: number; end: number };
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const n = Number(process.argv[2] ?? 1000);
  const gcs: (Span & { kind: number })[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e as unknown as { detail?: { kind: number } }).detail?.kind ?? 0 });
  }).observe({ entryTypes: ["gc"] });
  const syncs: Span[] = [];
  const probe = await fs.promises.open(__filename, "r");
  const FileHandle = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const datasync = FileHandle.datasync;
  FileHandle.datasync = async function (this: unknown) {
    const s = { start: performance.now(), end: 0 };
    try {
      return await datasync.call(this);
    } finally {
      s.end = performance.now();
      syncs.push(s);
    }
  };

  const { send, prepare } = await inProcessTokenRoute(baseUrl);
  if (process.env.MANDATE_TAIL_NO_CHECKPOINTS) {
    // For comparison only: no checkpoints at all while measuring (the log grows).
    const { getDb, sqliteDirect } = await import("@/lib/db/client");
    (await sqliteDirect(getDb()))!.get("PRAGMA wal_autocheckpoint = 0");
  } else if (!process.env.MANDATE_BENCH_INLINE_CHECKPOINTS) {
    const { getDb, sqliteDirect } = await import("@/lib/db/client");
    const { startSqliteCheckpointer } = await import("@/lib/db/sqlite-checkpointer");
    startSqliteCheckpointer((await sqliteDirect(getDb()))!, dbFile, Number(process.env.MANDATE_TAIL_CHECKPOINT_MS ?? 250));
  }
  // The direct transaction's span inside each request: before it, it, after it.
  const { SqliteDirect } = await import("@/lib/db/sqlite-direct");
  const txs: Span[] = [];
  const transaction = SqliteDirect.prototype.transaction;
  SqliteDirect.prototype.transaction = function <T>(this: InstanceType<typeof SqliteDirect>, body: (db: InstanceType<typeof SqliteDirect>) => T) {
    const t = { start: performance.now(), end: 0 };
    txs.push(t);
    return transaction.call(this, body).finally(() => (t.end = performance.now())) as Promise<T>;
  };
  for (const r of await prepare(300)) await send(r);

  const prepared = await prepare(n);
  gcs.length = 0;
  syncs.length = 0;
  txs.length = 0;
  const spans: (Span & { status: number })[] = [];
  for (const r of prepared) {
    const s = { start: performance.now(), end: 0, status: 0 };
    s.status = await send(r);
    s.end = performance.now();
    spans.push(s);
  }
  if (process.env.MANDATE_TAIL_NO_CHECKPOINTS) console.log(`WAL after the run: ${(fs.statSync(dbFile + "-wal").size / 4096 / (n + 300)).toFixed(1)} pages per request (4 KiB pages)`);
  const ms = spans.map((s) => s.end - s.start);
  const sorted = [...ms].sort((a, b) => a - b);
  const p50 = pct(sorted, 50);
  const p99 = pct(sorted, 99);
  console.log(`token c=1 in-process: n ${n}  p50 ${p50.toFixed(2)}  p95 ${pct(sorted, 95).toFixed(2)}  p99 ${p99.toFixed(2)}  max ${sorted.at(-1)!.toFixed(2)} ms  non-200 ${spans.filter((s) => s.status !== 200).length}`);
  const syncMs = syncs.map((s) => s.end - s.start).sort((a, b) => a - b);
  console.log(`WAL fdatasync: n ${syncMs.length}  p50 ${pct(syncMs, 50).toFixed(2)}  p99 ${pct(syncMs, 99).toFixed(2)}  max ${syncMs.at(-1)?.toFixed(2)} ms`);
  console.log(`GC: ${gcs.length} pauses, total ${gcs.reduce((a, g) => a + g.end - g.start, 0).toFixed(0)} ms, longest ${Math.max(0, ...gcs.map((g) => g.end - g.start)).toFixed(2)} ms`);
  const threshold = Number(process.env.MANDATE_TAIL_MS ?? 2 * p50);
  const slow = spans.filter((s) => s.end - s.start > threshold);
  let withGc = 0;
  let withSlowSync = 0;
  let gcMs = 0;
  let syncExcess = 0;
  for (const s of slow) {
    const g = gcs.filter((x) => overlaps(s, x));
    if (g.length) withGc++;
    gcMs += g.reduce((a, x) => a + x.end - x.start, 0);
    const y = syncs.filter((x) => overlaps(s, x));
    const longest = Math.max(0, ...y.map((x) => x.end - x.start));
    if (longest > 2 * pct(syncMs, 50)) withSlowSync++;
    syncExcess += Math.max(0, longest - pct(syncMs, 50));
  }
  console.log(`requests over ${threshold.toFixed(1)} ms: ${slow.length}; overlapping a GC: ${withGc} (GC ${gcMs.toFixed(0)} ms in them); with a slow WAL sync: ${withSlowSync} (${syncExcess.toFixed(0)} ms over the median sync)`);
  const phases = (set: Span[]) => {
    const acc = { before: 0, tx: 0, after: 0 };
    for (const s of set) {
      const t = txs.find((x) => x.start >= s.start && x.end <= s.end);
      if (!t) continue;
      acc.before += t.start - s.start;
      acc.tx += t.end - t.start;
      acc.after += s.end - t.end;
    }
    return `before ${(acc.before / set.length).toFixed(2)}  transaction ${(acc.tx / set.length).toFixed(2)}  after ${(acc.after / set.length).toFixed(2)} ms`;
  };
  console.log(`  mean phases, all requests: ${phases(spans)}`);
  console.log(`  mean phases, slow requests: ${phases(slow)}`);
  console.log(`  excess over p50 in slow requests: ${slow.reduce((a, s) => a + s.end - s.start - p50, 0).toFixed(0)} ms`);
}

runInProcess(main, dbFile, { exit: true });
