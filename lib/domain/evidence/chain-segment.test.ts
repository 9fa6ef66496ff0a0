import { describe, expect, it } from "vitest";
import { chainEvent, GENESIS_HASH, type ChainedEvent } from "../audit-chain";
import { createSegmentVerifier, joinSegments, splitChain } from "./chain-segment";

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (let i = 0; i < n; i++) out.push(chainEvent({ type: "t", actor: { type: "SYSTEM" }, data: { i } }, out[i - 1] ?? null, new Date(1_800_000_000_000 + i)));
  return out;
}

describe("chain segments", () => {
  it("split (0, n] into consecutive ranges that cover it exactly", () => {
    expect(splitChain(10, 3)).toEqual([{ afterSeq: 0, toSeq: 3 }, { afterSeq: 3, toSeq: 6 }, { afterSeq: 6, toSeq: 10 }]);
    expect(splitChain(2, 4)).toEqual([{ afterSeq: 0, toSeq: 1 }, { afterSeq: 1, toSeq: 2 }]);
    expect(splitChain(0, 2)).toEqual([{ afterSeq: 0, toSeq: 0 }]);
  });

  it("report a segment that ends early as a gap, and a checkpoint that signed another hash", () => {
    const c = chain(6);
    const short = createSegmentVerifier({ afterSeq: 0, prevHash: GENESIS_HASH }, new Map());
    for (const e of c.slice(0, 4)) short.push(e);
    expect(short.result(6)).toEqual({ checked: 4, lastSeq: 4, head: c[3].hash, firstBreak: { seq: 5, reason: "gap" } });

    const signed = createSegmentVerifier({ afterSeq: 3, prevHash: c[2].hash }, new Map([[5, [{ headHash: "f".repeat(64), createdAt: "2027-01-01T00:00:00.000Z" }]]]));
    expect(signed.push(c[3])).toBe(true);
    expect(signed.push(c[4])).toBe(false);
    expect(signed.result(6)).toEqual({ checked: 2, lastSeq: 4, head: c[3].hash, firstBreak: { seq: 5, reason: "checkpoint_mismatch", checkpointCreatedAt: "2027-01-01T00:00:00.000Z" } });
  });

  it("join in order: counts stop at the first break, later segments do not count", () => {
    const origin = { afterSeq: 0, prevHash: GENESIS_HASH };
    const ok = { checked: 3, lastSeq: 3, head: "a" };
    const broken = { checked: 1, lastSeq: 4, head: "b", firstBreak: { seq: 5, reason: "hash_mismatch" as const } };
    const later = { checked: 3, lastSeq: 9, head: "c" };
    expect(joinSegments([ok, broken, later], origin)).toEqual({ checked: 4, lastSeq: 4, head: "b", firstBreak: { seq: 5, reason: "hash_mismatch" } });
    expect(joinSegments([ok, later], origin)).toEqual({ checked: 6, lastSeq: 9, head: "c" });
    expect(joinSegments([], origin)).toEqual({ checked: 0, lastSeq: 0, head: GENESIS_HASH });
  });
});
