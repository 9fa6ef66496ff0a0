// Profiling aid: which B-trees (tables and indexes) one token request writes.
// Runs token requests in-process with checkpoints off, then reads the frames
// of the write-ahead log and maps each page to the B-tree holding it (dbstat).
//   node --import tsx bench/broker/wal-pages.ts [requests]
import fs from "node:fs";
import { inProcessTokenRoute, runInProcess, useInProcessEnv } from "./inproc-env";

const { dbFile, baseUrl } = useInProcessEnv("walpages");

async function main() {
  const n = Number(process.argv[2] ?? 200);
  const { send: sendOne, prepare } = await inProcessTokenRoute(baseUrl);
  const { getDb, sqliteDirect } = await import("@/lib/db/client");
  const direct = (await sqliteDirect(getDb()))!;
  const send = async (req: Parameters<typeof sendOne>[0]) => {
    const status = await sendOne(req);
    if (status !== 200) throw new Error(`status ${status}`);
  };
  // Warm up with checkpoints, so the tables hold some rows, then checkpoint and measure.
  for (const r of await prepare(500)) await send(r);
  const prepared = await prepare(n);
  direct.get("PRAGMA wal_checkpoint(TRUNCATE)");
  direct.get("PRAGMA wal_autocheckpoint = 0");
  for (const r of prepared) await send(r);

  const pageSize = (direct.get<{ page_size: number }>("PRAGMA page_size"))!.page_size;
  const owner = new Map<number, string>();
  for (const row of direct.all<{ name: string; pageno: number }>("SELECT name, pageno FROM dbstat")) owner.set(row.pageno, row.name);
  const wal = fs.readFileSync(dbFile + "-wal");
  const frames = (wal.length - 32) / (24 + pageSize);
  const perTree = new Map<string, number>();
  let commits = 0;
  for (let i = 0; i < frames; i++) {
    const off = 32 + i * (24 + pageSize);
    const page = wal.readUInt32BE(off);
    const commitSize = wal.readUInt32BE(off + 4);
    if (commitSize > 0) commits++;
    const name = owner.get(page) ?? `page ${page} (free or new)`;
    perTree.set(name, (perTree.get(name) ?? 0) + 1);
  }
  console.log(`${frames} frames in ${commits} commits for ${n} requests: ${(frames / n).toFixed(1)} pages per request (page size ${pageSize})`);
  for (const [k, v] of [...perTree].sort((a, b) => b[1] - a[1])) console.log(`  ${(v / n).toFixed(2).padStart(6)}  ${k}`);
}

runInProcess(main, dbFile, { exit: true });
