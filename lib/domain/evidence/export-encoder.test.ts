import { describe, expect, it } from "vitest";
import { chainEvent, type ChainedEvent } from "../audit-chain";
import { createExportEncoder } from "./export-encoder";
import { decodeEventLine, sha256Hex } from "./bundle-format";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (let i = 0; i < n; i++) out.push(chainEvent({ type: i % 2 ? "decision.recorded" : "agent.registered", actor: { type: "AGENT", id: `a${i % 3}` }, target: { type: "agent", id: `invoices/${i}` }, data: { outcome: "ALLOW", grantType: "client_credentials", i } }, out[i - 1] ?? null, new Date(1_800_000_000_000 + i)));
  return out;
}

describe("the export encoder", () => {
  it("numbers exported lines across batches and lists every event of the segment", () => {
    const events = chain(5);
    const enc = createExportEncoder({ redaction: { intents: false, identifierPatterns: [] }, withSegmentFile: true });
    const first = enc.encode(events.slice(0, 3), new Set([events[0], events[2]]));
    const second = enc.encode(events.slice(3), null);
    expect(first).toMatchObject({ processed: 3, exported: 2, lastHash: events[2].hash });
    expect(second).toMatchObject({ processed: 2, exported: 4, lastHash: events[4].hash });
    const lines = (text(first.ndjson) + text(second.ndjson)).trim().split("\n");
    expect(lines.map((l) => decodeEventLine(l)?.event.seq)).toEqual([1, 3, 4, 5]);
    expect(text(first.segment).split("\r\n")[1]).toBe(`2,${events[1].hash},,`);
    expect(text(second.segment).split("\r\n")[0]).toBe(`4,${events[3].hash},3,${sha256Hex(lines[2])}`);
    expect(text(second.csv).split("\r\n")).toHaveLength(3);
    expect(enc.summary()).toMatchObject({ events: { total: 4 }, requests: { total: 1, byOutcome: { ALLOW: 1 } }, agentsActive: 3 });
  });

  it("hands each batch its own buffers, so a worker can transfer one while encoding the next", () => {
    const events = chain(4);
    const enc = createExportEncoder({ redaction: { intents: false, identifierPatterns: [] }, withSegmentFile: true });
    const first = enc.encode(events.slice(0, 2), null);
    const second = enc.encode(events.slice(2), null);
    const buffers = [first, second].flatMap((b) => [b.ndjson.buffer, b.csv.buffer, b.segment.buffer]);
    expect(new Set(buffers).size).toBe(6);
    expect(text(first.ndjson).split("\n").filter(Boolean).map((l) => decodeEventLine(l).event.seq)).toEqual([1, 2]);
  });

  it("redacts by rule and leaves the segment file out when the bundle has none", () => {
    const enc = createExportEncoder({ redaction: { intents: false, identifierPatterns: ["^invoices/"] }, withSegmentFile: false });
    const out = enc.encode(chain(2), null);
    expect(out.segment).toHaveLength(0);
    expect(text(out.ndjson)).not.toContain("invoices/1");
    expect(text(out.ndjson)).toContain('"redacted"');
  });
});
