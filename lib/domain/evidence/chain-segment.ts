// Verifying the audit chain one segment at a time: the links of a seq range
// and the signed checkpoints that fall inside it. Whole-chain verification
// splits the chain into consecutive segments (verified on worker threads when
// the chain is large) and joins their results in seq order: a segment proves
// its part of the chain only if every segment before it verified, up to the
// very hash it started from.
import { createChainVerifier, type ChainBreak, type ChainedEvent } from "../audit-chain";

/** What a checkpoint signed for an event: its hash at that point. */
export type SignedHead = { headHash: string; createdAt: string };

export type SegmentBreak = ChainBreak | { seq: number; reason: "checkpoint_mismatch"; checkpointCreatedAt: string };

export type SegmentResult = {
  /** Events whose link verified. */
  checked: number;
  /** The last event that verified (afterSeq when none did) and its hash. */
  lastSeq: number;
  head: string;
  firstBreak?: SegmentBreak;
};

export type SegmentStart = { afterSeq: number; prevHash: string };

/**
 * Feed the events of (start.afterSeq, toSeq] in order, then read `result(toSeq)`.
 * A segment that ends before `toSeq` has lost its last events: a gap.
 */
export function createSegmentVerifier(start: SegmentStart, signed: ReadonlyMap<number, readonly SignedHead[]>) {
  const chain = createChainVerifier(start);
  let lastSeq = start.afterSeq;
  let head = start.prevHash;
  let mismatch: SegmentBreak | undefined;
  return {
    push(e: ChainedEvent): boolean {
      if (mismatch || !chain.push(e)) return false;
      const wrong = signed.get(e.seq)?.find((c) => c.headHash !== e.hash);
      if (wrong) {
        mismatch = { seq: e.seq, reason: "checkpoint_mismatch", checkpointCreatedAt: wrong.createdAt };
        return false;
      }
      lastSeq = e.seq;
      head = e.hash;
      return true;
    },
    result(toSeq: number): SegmentResult {
      const r = chain.result();
      const base = { checked: r.checked, lastSeq, head };
      if (!r.ok) return { ...base, firstBreak: r.firstBreak };
      if (mismatch) return { ...base, firstBreak: mismatch };
      if (lastSeq < toSeq) return { ...base, firstBreak: { seq: lastSeq + 1, reason: "gap" } };
      return base;
    },
  };
}

/**
 * Joins consecutive segment results into the whole chain's: events checked up
 * to the first break (nothing after a break counts), and that break.
 */
export function joinSegments(segments: readonly SegmentResult[], start: SegmentStart): SegmentResult {
  let checked = 0;
  let lastSeq = start.afterSeq;
  let head = start.prevHash;
  for (const s of segments) {
    checked += s.checked;
    lastSeq = s.lastSeq;
    head = s.head;
    if (s.firstBreak) return { checked, lastSeq, head, firstBreak: s.firstBreak };
  }
  return { checked, lastSeq, head };
}

/** Splits (0, toSeq] into `parts` consecutive ranges of about equal size. */
export function splitChain(toSeq: number, parts: number): { afterSeq: number; toSeq: number }[] {
  const n = Math.max(1, Math.min(parts, toSeq));
  const bounds = Array.from({ length: n + 1 }, (_, i) => Math.floor((toSeq * i) / n));
  return bounds.slice(1).map((to, i) => ({ afterSeq: bounds[i], toSeq: to }));
}
