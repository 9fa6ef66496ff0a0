// Where an export's rows are encoded: on a worker thread that reads the SQLite
// file itself (large, unfiltered SQLite exports — reading and encoding a
// million rows is most of an export's main-thread time), or here, batch by
// batch through lib/db/audit-stream.ts (PostgreSQL, filtered or small
// exports: a filter asks the database which rows belong to the chosen agents
// and owners). Both use the same encoder, so both write the same bytes. A
// worker's batches arrive as transferred buffers; once the writer has deflated
// one (`release`), it goes back to its worker to be filled again.
import type { Worker } from "node:worker_threads";
import { createExportEncoder, type EncodedBatch } from "@/lib/domain/evidence/export-encoder";
import type { RedactionRules } from "@/lib/domain/evidence/redaction";
import { createStepUpLatency, finishSummary, type EvidenceSummary, type SummaryPart } from "@/lib/domain/evidence/summary";
import type { ExportEncodeJob } from "@/lib/evidence/export-encode-worker";
import { startTsWorker } from "@/lib/evidence/ts-worker";
import { streamAuditEvents } from "@/lib/db/audit-stream";
import { sqliteDirect, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { EventFilter } from "./export-filter";

/**
 * `release(bytes)`: the writer is done with a batch's bytes (they are
 * deflated), so their buffer may be reused.
 */
export type EncodedExport = { batches: AsyncIterable<EncodedBatch>; summary(): EvidenceSummary; release(bytes: Uint8Array): void };

/**
 * Below `workerFrom` events a worker costs more than it saves. `lanes`: how
 * many workers take turns encoding batches — MANDATE_EXPORT_ENCODE_WORKERS
 * unless a test or benchmark sets it.
 */
export const exportTuning: { workerFrom: number; lanes?: number; batchSize?: number; workerFile?: string } = { workerFrom: 20_000 };
/** Batches encoded ahead of the writer (bounds the worker's lead, and memory). */
const WINDOW = 2;

export async function encodeExport(
  db: Db,
  range: { afterSeq: number; toSeq: number },
  opts: { filter: EventFilter; redaction: RedactionRules; withSegmentFile: boolean; batchSize: number },
): Promise<EncodedExport> {
  if (exportTuning.batchSize) opts = { ...opts, batchSize: exportTuning.batchSize };
  const file = (await sqliteDirect(db))?.file;
  if (file && !opts.filter.isActive && range.toSeq - range.afterSeq >= exportTuning.workerFrom) {
    try {
      return await encodeOnWorkers({ file, ...range, batchSize: opts.batchSize, redaction: opts.redaction, withSegmentFile: opts.withSegmentFile, window: WINDOW }, exportTuning.lanes ?? env().evidence.encodeWorkers, exportTuning.workerFile);
    } catch (e) {
      log.warn("the export worker could not start; encoding on the main thread", { error: (e as Error).message.slice(0, 200) });
    }
  }
  return encodeHere(db, range, opts);
}

function encodeHere(db: Db, range: { afterSeq: number; toSeq: number }, opts: { filter: EventFilter; redaction: RedactionRules; withSegmentFile: boolean; batchSize: number }): EncodedExport {
  const encoder = createExportEncoder(opts);
  return {
    batches: (async function* () {
      for await (const batch of streamAuditEvents(db, range, opts.batchSize)) {
        const selected = opts.filter.isActive ? new Set(await opts.filter.select(batch)) : null;
        yield encoder.encode(batch, selected);
      }
    })(),
    summary: () => encoder.summary(),
    // Batches encoded here are left to the collector.
    release: () => undefined,
  };
}

type WorkerMessage = { batch?: EncodedBatch; done?: true; summary?: EvidenceSummary; part?: SummaryPart; error?: string };

/** One encode worker as a queue of its messages. */
function startEncodeWorker(job: ExportEncodeJob, workerFile?: string) {
  // A small young generation: the worker's garbage is short-lived row text,
  // and the export's peak memory is a target (< 300 MB at a million events).
  // 16 MB: 8 MB cost ~2,000 scavenges (~2.8 s) per million events; 32 MB
  // saved no more time than 16 and held ~15 MB more (bench/README.md).
  const worker: Worker = startTsWorker(workerFile ?? "lib/evidence/export-encode-worker.ts", job, { maxYoungGenerationSizeMb: 16 });
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | null = null;
  const push = (m: WorkerMessage) => {
    queue.push(m);
    notify?.();
    notify = null;
  };
  worker.on("message", (m: WorkerMessage) => push(m));
  worker.once("error", (e) => push({ error: e.message }));
  worker.once("exit", (code) => push({ error: `the export worker stopped (exit code ${code})` }));
  return {
    async next(): Promise<WorkerMessage> {
      while (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      return queue.shift()!;
    },
    /** Puts a message back at the head of the queue. */
    unshift(m: WorkerMessage) {
      queue.unshift(m);
    },
    ack() {
      worker.postMessage("ack");
    },
    /** Hands a written batch's buffer back for the worker to reuse. */
    free(buffer: ArrayBuffer) {
      worker.postMessage({ free: buffer }, [buffer]);
    },
    stop() {
      worker.removeAllListeners("exit");
      void worker.terminate();
    },
  };
}

/**
 * Resolves once every worker has sent its first message (a worker that cannot
 * start rejects here, and the caller encodes on the main thread instead); a
 * failure after that fails the export. With several lanes, batch k comes from
 * lane k mod lanes, so the batches arrive in chain order; step-ups are paired
 * here from each batch's facts, in that order.
 */
async function encodeOnWorkers(job: Omit<ExportEncodeJob, "lane">, lanes: number, workerFile?: string): Promise<EncodedExport> {
  const workers = Array.from({ length: lanes }, (_, index) => startEncodeWorker(lanes > 1 ? { ...job, lane: { index, of: lanes } } : job, workerFile));
  const stopAll = () => workers.forEach((w) => w.stop());
  const firsts = await Promise.all(workers.map((w) => w.next()));
  const failed = firsts.find((m) => m.error);
  if (failed) {
    stopAll();
    throw new Error(failed.error);
  }
  firsts.forEach((m, i) => workers[i].unshift(m));

  let failure: Error | null = null;
  let summary: EvidenceSummary | null = null;
  const latency = createStepUpLatency();
  const parts: SummaryPart[] = [];
  const batchCount = Math.ceil((job.toSeq - job.afterSeq) / job.batchSize);
  // Which worker each batch buffer came from (a buffer goes back to its own worker).
  const owners = new WeakMap<ArrayBuffer, (typeof workers)[number]>();
  return {
    batches: (async function* () {
      try {
        for (let k = 0; lanes === 1 || k < batchCount; k++) {
          const w = workers[k % lanes];
          const m = await w.next();
          if (m.error) throw (failure = new Error(`the export worker failed: ${m.error}`));
          if (m.done) {
            if (lanes > 1) throw (failure = new Error("an export worker finished before its last batch"));
            summary = m.summary!;
            return;
          }
          for (const f of m.batch!.stepUps ?? []) latency.fact(f);
          for (const bytes of [m.batch!.ndjson, m.batch!.csv, m.batch!.segment]) if (bytes.byteLength > 0) owners.set(bytes.buffer as ArrayBuffer, w);
          yield m.batch!;
          w.ack();
        }
        for (const w of workers) {
          const m = await w.next();
          if (!m.done || !m.part) throw (failure = new Error(`the export worker failed: ${m.error ?? "it sent more batches than the segment has"}`));
          parts.push(m.part);
        }
        summary = finishSummary(parts, latency.result());
      } finally {
        stopAll();
      }
    })(),
    summary: () => {
      if (!summary) throw failure ?? new Error("the export has not finished");
      return summary;
    },
    release(bytes) {
      const buffer = bytes.buffer as ArrayBuffer;
      const owner = owners.get(buffer);
      if (!owner) return;
      owners.delete(buffer);
      owner.free(buffer);
    },
  };
}
