// The audit hash chain. Each event's hash covers its own content and the
// previous event's hash, so editing, dropping or reordering any event breaks
// every link after it. Pure: callers supply the events and the clock.
import { sha256 } from "./sha256";
import { canonicalJson, type Canonicalisable } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export type ActorType = "USER" | "AGENT" | "SYSTEM" | "ANONYMOUS";
export type Outcome = "SUCCESS" | "FAILURE";

/** What a service states about an event; the chain adds seq, time and hashes. */
export type AuditEventInput = {
  type: string;
  outcome?: Outcome;
  actor: { type: ActorType; id?: string | null; label?: string | null };
  target?: { type: string; id: string } | null;
  data?: { [key: string]: Canonicalisable | undefined };
  requestId?: string | null;
};

/** The stored form of an event (everything the hash covers, plus the hash). */
export type ChainedEvent = {
  seq: number;
  occurredAt: Date;
  type: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  /** Canonical JSON text. */
  data: string;
  requestId: string | null;
  prevHash: string;
  hash: string;
};

type Unhashed = Omit<ChainedEvent, "hash">;

/** The exact bytes that are hashed: a canonical encoding of every stored field. */
export function eventHashInput(e: Unhashed): string {
  return canonicalJson({
    v: 1,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    type: e.type,
    outcome: e.outcome,
    actorType: e.actorType,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
    requestId: e.requestId,
    prevHash: e.prevHash,
  });
}

const str = (v: string) => JSON.stringify(v);
const nullable = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

/**
 * eventHashInput without the generic canonicaliser: the same bytes, with the
 * keys written in their sorted order directly (verifying a million events
 * spends most of its time here; audit-chain.test.ts checks both agree).
 */
export function fastEventHashInput(e: Unhashed): string {
  return `{"actorId":${nullable(e.actorId)},"actorLabel":${nullable(e.actorLabel)},"actorType":${str(e.actorType)},"data":${str(e.data)},"occurredAt":"${e.occurredAt.toISOString()}","outcome":${str(e.outcome)},"prevHash":${str(e.prevHash)},"requestId":${nullable(e.requestId)},"seq":${JSON.stringify(e.seq)},"targetId":${nullable(e.targetId)},"targetType":${nullable(e.targetType)},"type":${str(e.type)},"v":1}`;
}

/**
 * fastEventHashInput cut around the two fields that depend on the chain's
 * head: input = before + prevHash + between + String(seq) + after. The
 * database appends with these (PostgreSQL: mandate_append_audit_events, which
 * reads the head under the chain lock and hashes there); audit-chain.test.ts
 * checks the parts put together are fastEventHashInput.
 */
export function eventHashInputParts(e: Omit<Unhashed, "seq" | "prevHash">): { before: string; between: string; after: string } {
  return {
    before: `{"actorId":${nullable(e.actorId)},"actorLabel":${nullable(e.actorLabel)},"actorType":${str(e.actorType)},"data":${str(e.data)},"occurredAt":"${e.occurredAt.toISOString()}","outcome":${str(e.outcome)},"prevHash":"`,
    between: `","requestId":${nullable(e.requestId)},"seq":`,
    after: `,"targetId":${nullable(e.targetId)},"targetType":${nullable(e.targetType)},"type":${str(e.type)},"v":1}`,
  };
}

/** The fields of the next link that do not depend on the head (see chainEvent). */
export function unlinkedEvent(input: AuditEventInput, occurredAt: Date): Omit<Unhashed, "seq" | "prevHash"> {
  return {
    occurredAt,
    type: input.type,
    outcome: input.outcome ?? "SUCCESS",
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    data: canonicalJson((input.data ?? {}) as Canonicalisable),
    requestId: input.requestId ?? null,
  };
}

export function hashEvent(e: Unhashed): string {
  const input = fastEventHashInput(e);
  return sha256(input, "hex");
}

/** Builds the next link of the chain from the current head (or genesis). */
export function chainEvent(
  input: AuditEventInput,
  head: { seq: number; hash: string } | null,
  occurredAt: Date,
): ChainedEvent {
  const unhashed: Unhashed = { ...unlinkedEvent(input, occurredAt), seq: head ? head.seq + 1 : 1, prevHash: head ? head.hash : GENESIS_HASH };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

export type ChainBreak = { seq: number; reason: "gap" | "prev_hash_mismatch" | "hash_mismatch" };
export type ChainVerification = { ok: true; checked: number; head: string } | { ok: false; checked: number; firstBreak: ChainBreak };

/**
 * Incremental verifier: feed events in seq order (from a cursor or a file) and
 * read the result at the end. Reports the first broken link only — everything
 * after it is unverifiable anyway. `start` verifies a segment that follows
 * event `afterSeq` whose hash is `prevHash` (a segment proves the whole chain
 * only when the segment before it verified up to that very hash).
 */
export function createChainVerifier(start: { afterSeq: number; prevHash: string } = { afterSeq: 0, prevHash: GENESIS_HASH }) {
  let expectedSeq = start.afterSeq + 1;
  let prevHash = start.prevHash;
  let checked = 0;
  let firstBreak: ChainBreak | undefined;
  return {
    push(e: ChainedEvent): boolean {
      if (firstBreak) return false;
      if (e.seq !== expectedSeq) firstBreak = { seq: expectedSeq, reason: "gap" };
      else if (e.prevHash !== prevHash) firstBreak = { seq: e.seq, reason: "prev_hash_mismatch" };
      else if (hashEvent(e) !== e.hash) firstBreak = { seq: e.seq, reason: "hash_mismatch" };
      if (firstBreak) return false;
      checked++;
      expectedSeq = e.seq + 1;
      prevHash = e.hash;
      return true;
    },
    result(): ChainVerification {
      return firstBreak ? { ok: false, checked, firstBreak } : { ok: true, checked, head: prevHash };
    },
  };
}

export function verifyChain(events: Iterable<ChainedEvent>): ChainVerification {
  const v = createChainVerifier();
  for (const e of events) if (!v.push(e)) break;
  return v.result();
}
