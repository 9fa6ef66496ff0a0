// WAL checkpoints on a worker thread, off the request path.
//
// In WAL mode SQLite copies the log back into the database file every 1,000
// pages, inside whichever COMMIT crosses that size: that request then pays for
// copying megabytes and an extra fsync of the database file — on the broker,
// a token request every few dozen, i.e. the latency tail. Here a worker thread
// with its own connection checkpoints passively every few hundred
// milliseconds (a PASSIVE checkpoint never waits for, nor blocks, the writer),
// and the serving connection's automatic checkpoint is raised to a safety net
// that only triggers if the worker falls far behind. If the worker dies, the
// default comes back. Durability does not change: a commit is durable when
// its WAL frames are synced (synchronous=FULL); checkpoints only move
// committed pages into the main file.
import { Worker } from "node:worker_threads";
import { sqliteDriverPath } from "./sqlite-driver";
import { log } from "@/lib/log";
import type { SqliteDirect } from "./sqlite-direct";

const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** ~40 MB of WAL: reached only if the worker stops keeping up. */
const SAFETY_NET_PAGES = 10_000;

const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
db.pragma("synchronous = FULL");
let stopped = false;
parentPort.on("message", (m) => { if (m === "stop") { stopped = true; db.close(); process.exit(0); } });
setInterval(() => {
  if (stopped) return;
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.intervalMs);
`;

export type Checkpointer = { stop(): Promise<void>; readonly last: { log: number; checkpointed: number } | undefined };

/**
 * Starts checkpointing `file` (an absolute path) on a worker thread and turns
 * the serving connection's inline checkpoints into a safety net.
 */
export function startSqliteCheckpointer(direct: SqliteDirect, file: string, intervalMs = 250): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: sqliteDriverPath(), file, intervalMs } });
  worker.unref();
  let last: { log: number; checkpointed: number } | undefined;
  let reportedError = false;
  direct.get(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  worker.on("message", (m: { error?: string; log?: number; checkpointed?: number }) => {
    if (m.error) {
      if (!reportedError) log.warn("a background WAL checkpoint failed; retrying", { error: m.error.slice(0, 200) });
      reportedError = true;
      return;
    }
    reportedError = false;
    last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
  });
  let stopping = false;
  const restore = () => {
    try {
      direct.get(`PRAGMA wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The connection is closing with the process; nothing left to protect.
    }
  };
  worker.on("error", (e) => log.error("the WAL checkpoint worker failed; checkpoints go back inline", { error: e.message }));
  worker.on("exit", () => {
    restore();
    if (!stopping) log.error("the WAL checkpoint worker stopped; checkpoints go back inline");
  });
  return {
    get last() {
      return last;
    },
    async stop() {
      stopping = true;
      restore();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      // Unreferenced, the worker would not keep the process alive for its own exit,
      // and a shutdown waiting here would end early, skipping what follows.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
