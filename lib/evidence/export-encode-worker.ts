// Worker thread: reads an evidence export's chain segment from a SQLite
// database with a read-only connection of its own and encodes it
// (lib/domain/evidence/export-encoder.ts), posting one message per batch — its
// bytes transferred, not copied — so the main thread only hashes, compresses
// and writes. At most `window` batches are in flight: the main thread
// acknowledges each one it has written ("ack"), and hands each buffer back
// once deflated ({ free }) to be filled again.
// Messages out: { batch } … then { done, summary }, or { error }.
//
// Lanes: with `lanes` > 1, several workers take turns — batch k covers the
// sequence numbers (afterSeq + k·batchSize, afterSeq + (k+1)·batchSize] and
// belongs to lane k mod lanes. The chain has no gaps (seq is dense; a gap
// fails the export when the counts are compared), so every lane knows its
// batches' ranges and how many rows precede them without asking the others.
// A lane posts every one of its batches, empty or not, in order, with its
// step-up facts; its `done` carries its mergeable summary part.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { createExportEncoder, type EncodedBatch } from "@/lib/domain/evidence/export-encoder";
import type { RedactionRules } from "@/lib/domain/evidence/redaction";
import { AUDIT_PAGE_SQL, rowToChainedEvent } from "@/lib/db/audit-rows";
import { sqliteDriverPath } from "@/lib/db/sqlite-driver";

export type ExportEncodeJob = { file: string; afterSeq: number; toSeq: number; batchSize: number; redaction: RedactionRules; withSegmentFile: boolean; window: number; lane?: { index: number; of: number } };

type RawStatement = { raw(on: boolean): RawStatement; all(...p: unknown[]): unknown[][] };
type Connection = { prepare(sql: string): RawStatement; close(): void };

const port = parentPort!;
let acknowledged = 0;
let wake: (() => void) | null = null;
// Buffers the main thread has written and handed back (`{ free }`), reused for
// later batches: a million-event export then allocates a few dozen buffers, not
// thousands, and neither thread's collector is pushed by gigabytes of them.
// The three files ask for different sizes, and a file's batches may grow: a
// request takes the smallest buffer that fits, and a full pool gives up its
// smallest buffer for a larger one (small ones would otherwise fill it for good).
const POOL_MAX = 16;
const pool: ArrayBuffer[] = [];
function allocate(bytes: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < pool.length; i++) if (pool[i].byteLength >= bytes && (best < 0 || pool[i].byteLength < pool[best].byteLength)) best = i;
  return best >= 0 ? new Uint8Array(pool.splice(best, 1)[0]) : Buffer.allocUnsafeSlow(bytes);
}
function giveBack(buffer: ArrayBuffer) {
  if (pool.length < POOL_MAX) return void pool.push(buffer);
  let smallest = 0;
  for (let i = 1; i < pool.length; i++) if (pool[i].byteLength < pool[smallest].byteLength) smallest = i;
  if (pool[smallest].byteLength < buffer.byteLength) pool[smallest] = buffer;
}

/** Posts a batch, handing its buffers over to the main thread (each batch's are its own). */
function post(batch: EncodedBatch) {
  port.postMessage({ batch }, [batch.ndjson.buffer, batch.csv.buffer, batch.segment.buffer] as ArrayBuffer[]);
}

port.on("message", (m: "ack" | { free: ArrayBuffer }) => {
  if (typeof m === "object") {
    if (m.free instanceof ArrayBuffer) giveBack(m.free);
    return;
  }
  if (m !== "ack") return;
  acknowledged++;
  wake?.();
  wake = null;
});

async function run(job: ExportEncodeJob) {
  const Database = createRequire(import.meta.url)(sqliteDriverPath()) as new (f: string, o: object) => Connection;
  const db = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare(AUDIT_PAGE_SQL).raw(true);
    if (job.lane) return await runLane(job, job.lane, page);
    const encoder = createExportEncoder({ redaction: job.redaction, withSegmentFile: job.withSegmentFile, allocate });
    let sent = 0;
    let after = job.afterSeq;
    while (after < job.toSeq) {
      const rows = page.all(after, job.toSeq, job.batchSize);
      if (rows.length === 0) break;
      const events = rows.map(rowToChainedEvent);
      post(encoder.encode(events, null));
      sent++;
      after = events[events.length - 1].seq;
      if (rows.length < job.batchSize) break;
      while (sent - acknowledged >= job.window) await new Promise<void>((resolve) => (wake = resolve));
    }
    port.postMessage({ done: true, summary: encoder.summary() });
  } finally {
    db.close();
  }
}

async function runLane(job: ExportEncodeJob, lane: { index: number; of: number }, page: RawStatement) {
  const encoder = createExportEncoder({ redaction: job.redaction, withSegmentFile: job.withSegmentFile, lane: true, allocate });
  let sent = 0;
  for (let k = lane.index; ; k += lane.of) {
    const from = job.afterSeq + k * job.batchSize;
    if (from >= job.toSeq) break;
    const rows = page.all(from, Math.min(from + job.batchSize, job.toSeq), job.batchSize);
    post(encoder.encode(rows.map(rowToChainedEvent), null, from - job.afterSeq));
    sent++;
    while (sent - acknowledged >= job.window) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage({ done: true, part: encoder.part() });
}

run(workerData as ExportEncodeJob).catch((e) => port.postMessage({ error: e instanceof Error ? e.message : String(e) }));
