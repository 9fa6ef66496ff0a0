import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { chainEvent, createChainVerifier, eventHashInput, eventHashInputParts, fastEventHashInput, GENESIS_HASH, hashEvent, verifyChain, type ChainedEvent, type AuditEventInput } from "./audit-chain";

const t0 = new Date("2026-11-23T00:00:00.000Z");
const input = (i: number): AuditEventInput => ({
  type: "agent.registered",
  actor: { type: "USER", id: "u1", label: "a@example.test" },
  target: { type: "agent", id: `a${i}` },
  data: { n: i, nested: { b: 2, a: 1 } },
  requestId: `r${i}`,
});

function buildChain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (let i = 0; i < n; i++) out.push(chainEvent(input(i), out[i - 1] ?? null, new Date(t0.getTime() + i * 1000)));
  return out;
}

describe("audit hash chain", () => {
  it("starts from the genesis hash and links every event to the previous one", () => {
    const chain = buildChain(3);
    expect(chain[0].seq).toBe(1);
    expect(chain[0].prevHash).toBe(GENESIS_HASH);
    expect(chain[1].prevHash).toBe(chain[0].hash);
    expect(chain[2].prevHash).toBe(chain[1].hash);
    expect(chain[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain(chain)).toEqual({ ok: true, checked: 3, head: chain[2].hash });
  });

  it("stores data canonically so equal content hashes equally", () => {
    const a = chainEvent({ ...input(0), data: { x: 1, y: 2 } }, null, t0);
    const b = chainEvent({ ...input(0), data: { y: 2, x: 1 } }, null, t0);
    expect(a.data).toBe('{"x":1,"y":2}');
    expect(a.hash).toBe(b.hash);
  });

  const tamperings: [string, (c: ChainedEvent[]) => ChainedEvent[], { seq: number; reason: string }][] = [
    ["an edited field", (c) => c.map((e) => (e.seq === 3 ? { ...e, actorLabel: "mallory" } : e)), { seq: 3, reason: "hash_mismatch" }],
    ["edited data", (c) => c.map((e) => (e.seq === 2 ? { ...e, data: '{"n":99}' } : e)), { seq: 2, reason: "hash_mismatch" }],
    ["an edited time", (c) => c.map((e) => (e.seq === 4 ? { ...e, occurredAt: new Date(0) } : e)), { seq: 4, reason: "hash_mismatch" }],
    ["a dropped event", (c) => c.filter((e) => e.seq !== 3), { seq: 3, reason: "gap" }],
    ["two swapped events", (c) => [c[0], c[2], c[1], c[3], c[4]], { seq: 2, reason: "gap" }],
    ["a re-hashed edit", (c) => c.map((e) => (e.seq === 2 ? { ...e, hash: "f".repeat(64) } : e)), { seq: 2, reason: "hash_mismatch" }],
  ];
  it.each(tamperings)("detects %s at the right link", (_name, tamper, firstBreak) => {
    const r = verifyChain(tamper(buildChain(5)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.firstBreak).toEqual(firstBreak);
  });

  it("detects an edit that was re-hashed consistently by the next link's prevHash", () => {
    const chain = buildChain(4);
    const edited = { ...chain[1], actorLabel: "mallory" };
    const { hash: _h, ...unhashed } = edited;
    const rehashed = chainEvent(input(1), chain[0], chain[1].occurredAt);
    // Recomputing event 2's hash honestly still leaves event 3 pointing at the old one.
    const forged = [chain[0], { ...unhashed, hash: rehashed.hash === chain[1].hash ? "0".repeat(64) : rehashed.hash }, chain[2], chain[3]];
    const r = verifyChain(forged as ChainedEvent[]);
    expect(r.ok).toBe(false);
  });

  it("hashes exactly the canonical encoding, also on the fast path", () => {
    const odd: ChainedEvent[] = [
      ...buildChain(3),
      { ...buildChain(1)[0], actorId: null, actorLabel: null, targetType: null, targetId: null, requestId: null },
      { ...buildChain(1)[0], actorLabel: 'quote " backslash \\ newline \n é 😀 \u2028', type: "x.y", data: '{"a":"\\n"}' },
    ];
    for (const e of odd) {
      expect(fastEventHashInput(e)).toBe(eventHashInput(e));
      // The parts the database hashes with (PostgreSQL appends in one statement) put together are the same bytes.
      const { seq, prevHash, hash: _hash, ...unlinked } = e;
      const p = eventHashInputParts(unlinked);
      expect(p.before + prevHash + p.between + String(seq) + p.after).toBe(eventHashInput(e));
      expect(hashEvent(e)).toBe(createHash("sha256").update(eventHashInput(e), "utf8").digest("hex"));
    }
  });

  it("verifies a segment from a known link, and refuses one that does not follow it", () => {
    const chain = buildChain(6);
    const tail = createChainVerifier({ afterSeq: 3, prevHash: chain[2].hash });
    for (const e of chain.slice(3)) expect(tail.push(e)).toBe(true);
    expect(tail.result()).toEqual({ ok: true, checked: 3, head: chain[5].hash });

    const wrongLink = createChainVerifier({ afterSeq: 3, prevHash: chain[1].hash });
    expect(wrongLink.push(chain[3])).toBe(false);
    expect(wrongLink.result()).toEqual({ ok: false, checked: 0, firstBreak: { seq: 4, reason: "prev_hash_mismatch" } });

    const wrongStart = createChainVerifier({ afterSeq: 2, prevHash: chain[1].hash });
    expect(wrongStart.push(chain[3])).toBe(false);
    expect(wrongStart.result()).toEqual({ ok: false, checked: 0, firstBreak: { seq: 3, reason: "gap" } });
  });
});
