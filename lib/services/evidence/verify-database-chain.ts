// Whole-database verification: every link of the audit chain and every signed
// checkpoint. Streams the chain (lib/db/audit-stream.ts), so it runs in
// constant memory whatever the size. Used by `npm run verify-chain` and by
// GET /api/v1/audit/verify.
import type { JWK } from "jose";
import { createChainVerifier, type ChainedEvent } from "@/lib/domain/audit-chain";
import { parseCheckpointPayload } from "@/lib/domain/evidence/checkpoint";
import { CHECKPOINT_TYP, verifyAuditJws } from "@/lib/jose/audit-key";
import { chainHead, streamAuditEvents } from "@/lib/db/audit-stream";
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
export async function verifyDatabaseChain(db: Db, opts: { extraKeys?: JWK[]; batchSize?: number } = {}): Promise<DatabaseChainReport> {
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

  const verifier = createChainVerifier();
  const head = await chainHead(db);
  let last: ChainedEvent | undefined;
  outer: for await (const batch of streamAuditEvents(db, { afterSeq: 0, toSeq: head?.seq ?? 0 }, opts.batchSize)) {
    for (const e of batch) {
      if (!verifier.push(e)) break outer;
      const at = signed.get(e.seq);
      const wrong = at?.find((c) => c.headHash !== e.hash);
      if (wrong) {
        breaks.push({ seq: e.seq, reason: "checkpoint_mismatch", detail: `the checkpoint of ${wrong.createdAt.toISOString()} signed a different hash for this event: the chain was rewritten from here or earlier` });
        break outer;
      }
      last = e;
    }
  }
  const chain = verifier.result();
  if (!chain.ok) breaks.push({ seq: chain.firstBreak.seq, reason: chain.firstBreak.reason, detail: DETAIL[chain.firstBreak.reason] });
  else {
    const lastSeq = last?.seq ?? 0;
    const beyond = [...signed.values()].flat().filter((c) => c.seq > lastSeq).sort((a, b) => b.seq - a.seq)[0];
    if (beyond) breaks.push({ seq: lastSeq + 1, reason: "events_missing_after_checkpoint", detail: `the checkpoint of ${beyond.createdAt.toISOString()} covers ${beyond.seq} events; the chain now ends at ${lastSeq}: events were deleted from the end` });
  }
  breaks.sort((a, b) => a.seq - b.seq);
  const latest = checkpoints.length ? checkpoints.reduce((a, b) => (b.seq > a.seq || (b.seq === a.seq && b.createdAt > a.createdAt) ? b : a)) : null;
  return {
    ok: breaks.length === 0,
    checked: chain.checked,
    head: breaks.length === 0 && chain.ok ? chain.head : null,
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
