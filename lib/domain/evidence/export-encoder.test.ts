import { describe, expect, it } from "vitest";
import { chainEvent, type ChainedEvent } from "../audit-chain";
import { createExportEncoder } from "./export-encoder";
import { decodeEventLine, sha256Hex } from "./bundle-format";

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
    const lines = (first.ndjson + second.ndjson).trim().split("\n");
    expect(lines.map((l) => decodeEventLine(l)?.event.seq)).toEqual([1, 3, 4, 5]);
    expect(first.segment.split("\r\n")[1]).toBe(`2,${events[1].hash},,`);
    expect(second.segment.split("\r\n")[0]).toBe(`4,${events[3].hash},3,${sha256Hex(lines[2])}`);
    expect(second.csv.split("\r\n")).toHaveLength(3);
    expect(enc.summary()).toMatchObject({ events: { total: 4 }, requests: { total: 1, byOutcome: { ALLOW: 1 } }, agentsActive: 3 });
  });

  it("redacts by rule and leaves the segment file out when the bundle has none", () => {
    const enc = createExportEncoder({ redaction: { intents: false, identifierPatterns: ["^invoices/"] }, withSegmentFile: false });
    const out = enc.encode(chain(2), null);
    expect(out.segment).toBe("");
    expect(out.ndjson).not.toContain("invoices/1");
    expect(out.ndjson).toContain('"redacted"');
  });
});
