// Whole-database verification: every link of the audit chain and every signed
// checkpoint. Streams the chain (lib/db/audit-stream.ts), so it runs in
// constant memory whatever the size. Used by `npm run verify-chain` and by
// GET /api/v1/audit/verify.
//
// A large SQLite chain is split into consecutive segments verified in
// parallel on worker threads, each with a read-only connection of its own
// (lib/evidence/chain-segment-worker.ts); the segments are joined in seq order
// (lib/domain/evidence/chain-segment.ts), so the report is the one a single
// pass would give. A worker that cannot start or fails leaves its segment to
// this thread: never a weaker check, only a slower one.
import os from "node:os";
import type { JWK } from "jose";
import { GENESIS_HASH } from "@/lib/domain/audit-chain";
import { createSegmentVerifier, joinSegments, splitChain, type SegmentResult, type SegmentStart, type SignedHead } from "@/lib/domain/evidence/chain-segment";
import type { SegmentJob } from "@/lib/evidence/chain-segment-worker";
import { startTsWorker } from "@/lib/evidence/ts-worker";
import { log } from "@/lib/log";
import { sqliteDirect } from "@/lib/db/client";
import { parseCheckpointPayload } from "@/lib/domain/evidence/checkpoint";
import { CHECKPOINT_TYP, verifyAuditJws } from "@/lib/jose/audit-key";
import { chainHead, hashAt, streamAuditEvents } from "@/lib/db/audit-stream";
import { listCheckpoints, publishedAuditKeys, type StoredCheckpoint } from "@/lib/db/audit-checkpoint-store";
import type { Db } from "@/lib/db/client";

export type ChainBreakReason =
  | "gap"
  | "prev_hash_mismatch"
  | "hash_mismatch"
  | "checkpoint_mismatch"
  | "checkpoint_signature_invalid"
  | "events_missing_after_checkpoint";

export type DatabaseChainReport = {
  ok: boolean;
  /** Events whose link verified, from seq 1. */
  checked: number;
  /** Hash of the last event, when the whole chain verified. */
  head: string | null;
  checkpoints: { total: number; verified: number; latest: { seq: number; createdAt: string } | null };
  /** The first broken link, by seq: AuditEvent's id is its seq. */
  firstBreak?: { seq: number; reason: ChainBreakReason; detail: string };
};

const DETAIL: Record<"gap" | "prev_hash_mismatch" | "hash_mismatch", string> = {
  gap: "this sequence number is missing: an event was deleted",
  prev_hash_mismatch: "prevHash does not equal the previous event's hash: events were removed, inserted or reordered",
  hash_mismatch: "the stored hash does not match the event's content: the event was edited",
};

/**
 * `extraKeys` lets a caller trust audit keys of an earlier MANDATE_SECRET
 * (checkpoints keep verifying after a secret rotation when their key is pinned).
 */
export type VerifyChainOptions = {
  extraKeys?: JWK[];
  batchSize?: number;
  /** Chains at least this long are verified on worker threads (SQLite files only). */
  parallelFrom?: number;
  /** How many segments (and workers); default: the machine's parallelism, at most 4. */
  workers?: number;
  /** The worker's entry file (tests point it elsewhere to exercise the fallback). */
  workerFile?: string;
};

/** Below this many events one pass is quicker than starting workers. */
const PARALLEL_FROM = 200_000;
/**
 * Rows a worker reads per query. Small enough to die young: with 5,000 rows
 * (~7 MB of text) live across scavenges, garbage collection took a fifth of a
 * worker's time; 1,000 verified a million events ~20 % faster (bench/README.md).
 */
const WORKER_BATCH = 1000;

export async function verifyDatabaseChain(db: Db, opts: VerifyChainOptions = {}): Promise<DatabaseChainReport> {
  const keys = [...(await publishedAuditKeys()).keys, ...(opts.extraKeys ?? [])];
  const checkpoints = await listCheckpoints(db);
  const breaks: NonNullable<DatabaseChainReport["firstBreak"]>[] = [];
  // Checkpoint statements are verified first (there are few); a checkpoint whose
  // signature fails says nothing about the chain and is itself a finding.
  const signed = new Map<number, StoredCheckpoint[]>();
  let verified = 0;
  for (const c of checkpoints) {
    const problem = await checkpointProblem(c, keys);
    if (problem) {
      breaks.push({ seq: c.seq, reason: "checkpoint_signature_invalid", detail: `checkpoint ${c.id} (${c.createdAt.toISOString()}): ${problem}` });
      continue;
    }
    verified++;
    signed.set(c.seq, [...(signed.get(c.seq) ?? []), c]);
  }

  const head = await chainHead(db);
  const toSeq = head?.seq ?? 0;
  const signedHeads = new Map<number, SignedHead[]>([...signed].map(([seq, cs]) => [seq, cs.map((c) => ({ headHash: c.headHash, createdAt: c.createdAt.toISOString() }))]));
  const chain = await verifySegments(db, toSeq, signedHeads, opts);
  if (chain.firstBreak) {
    const b = chain.firstBreak;
    breaks.push(
      b.reason === "checkpoint_mismatch"
        ? { seq: b.seq, reason: b.reason, detail: `the checkpoint of ${b.checkpointCreatedAt} signed a different hash for this event: the chain was rewritten from here or earlier` }
        : { seq: b.seq, reason: b.reason, detail: DETAIL[b.reason] },
    );
  } else {
    const lastSeq = chain.lastSeq;
    const beyond = [...signed.values()].flat().filter((c) => c.seq > lastSeq).sort((a, b) => b.seq - a.seq)[0];
    if (beyond) breaks.push({ seq: lastSeq + 1, reason: "events_missing_after_checkpoint", detail: `the checkpoint of ${beyond.createdAt.toISOString()} covers ${beyond.seq} events; the chain now ends at ${lastSeq}: events were deleted from the end` });
  }
  breaks.sort((a, b) => a.seq - b.seq);
  const latest = checkpoints.length ? checkpoints.reduce((a, b) => (b.seq > a.seq || (b.seq === a.seq && b.createdAt > a.createdAt) ? b : a)) : null;
  return {
    ok: breaks.length === 0,
    checked: chain.checked,
    head: breaks.length === 0 ? chain.head : null,
    checkpoints: { total: checkpoints.length, verified, latest: latest ? { seq: latest.seq, createdAt: latest.createdAt.toISOString() } : null },
    ...(breaks.length ? { firstBreak: breaks[0] } : {}),
  };
}

async function checkpointProblem(c: StoredCheckpoint, keys: JWK[]): Promise<string | null> {
  let payload: Uint8Array;
  try {
    payload = (await verifyAuditJws(c.jws, CHECKPOINT_TYP, keys)).payload;
  } catch (e) {
    return (e as Error).message;
  }
  const statement = parseCheckpointPayload(new TextDecoder().decode(payload));
  if (!statement) return "the signed statement is not a checkpoint";
  if (statement.count !== c.seq || statement.headHash !== c.headHash) return "the stored seq or head hash differs from what was signed";
  return null;
}

/** The chain (0, toSeq] as one joined segment result: on workers when it is large, else in one pass here. */
async function verifySegments(db: Db, toSeq: number, signed: Map<number, SignedHead[]>, opts: VerifyChainOptions): Promise<SegmentResult> {
  const origin: SegmentStart = { afterSeq: 0, prevHash: GENESIS_HASH };
  const file = (await sqliteDirect(db))?.file;
  const parts = opts.workers ?? Math.min(4, os.availableParallelism());
  if (!file || parts < 2 || toSeq < (opts.parallelFrom ?? PARALLEL_FROM)) return verifyHere(db, origin, toSeq, signed, opts.batchSize);

  const ranges = splitChain(toSeq, parts);
  // Each segment starts from the stored hash of the event before it; the
  // segment before proves (or refutes) that hash, and joining stops at the
  // first break. A missing boundary event is that earlier segment's gap.
  const starts = await Promise.all(ranges.map(async (r) => ({ afterSeq: r.afterSeq, prevHash: r.afterSeq === 0 ? GENESIS_HASH : ((await hashAt(db, r.afterSeq)) ?? "") })));
  const results = await Promise.all(
    ranges.map((r, i) => {
      const inRange = [...signed].filter(([seq]) => seq > r.afterSeq && seq <= r.toSeq);
      return verifyOnWorker({ file, start: starts[i], toSeq: r.toSeq, signed: inRange, batchSize: opts.batchSize ?? WORKER_BATCH }, opts.workerFile).catch((e: Error) => {
        log.warn("a chain verification worker failed; verifying its segment on the main thread", { error: e.message.slice(0, 200), afterSeq: r.afterSeq, toSeq: r.toSeq });
        return verifyHere(db, starts[i], r.toSeq, new Map(inRange), opts.batchSize);
      });
    }),
  );
  return joinSegments(results, origin);
}

async function verifyHere(db: Db, start: SegmentStart, toSeq: number, signed: ReadonlyMap<number, readonly SignedHead[]>, batchSize?: number): Promise<SegmentResult> {
  const verifier = createSegmentVerifier(start, signed);
  outer: for await (const batch of streamAuditEvents(db, { afterSeq: start.afterSeq, toSeq }, batchSize)) {
    for (const e of batch) if (!verifier.push(e)) break outer;
  }
  return verifier.result(toSeq);
}

function verifyOnWorker(job: SegmentJob, workerFile?: string): Promise<SegmentResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = startTsWorker(workerFile ?? "lib/evidence/chain-segment-worker.ts", job);
    worker.once("message", (m: { result?: SegmentResult; error?: string }) => {
      settled = true;
      if (m.result) resolve(m.result);
      else reject(new Error(m.error ?? "no result"));
    });
    worker.once("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the worker exited with code ${code} before answering`));
      settled = true;
    });
  });
}
