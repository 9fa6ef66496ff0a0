import { describe, expect, it } from "vitest";
import { chainEvent, hashEvent } from "@/lib/domain/audit-chain";
import { createCsvRecordSplitter, csvCell, csvRecordForRow, decodeEventLine, decodeSegmentRecord, encodeCsvRecord, encodeEventLine, encodeSegmentRecord } from "./bundle-format";
import { compileRedaction } from "./redaction";

const e = chainEvent(
  { type: "agent.registered", actor: { type: "USER", id: "u1", label: "=HYPERLINK(\"x\")" }, target: { type: "agent", id: "a1" }, data: { name: "bot, \"the\" one", lines: "a\nb", n: 1.5 } },
  null,
  new Date("2026-11-23T10:00:00.123Z"),
);

describe("events.ndjson lines", () => {
  it("round-trip to the stored event, whose hash still verifies", () => {
    const row = decodeEventLine(encodeEventLine(e, null));
    expect(row.redacted).toBeNull();
    expect(row.event).toEqual(e);
    expect(hashEvent(row.event)).toBe(e.hash);
  });

  it("carry redactions beside the redacted values", () => {
    const r = compileRedaction({ intents: false, identifierPatterns: ["^u1$"] }).apply(e);
    const row = decodeEventLine(encodeEventLine(e, r));
    expect(row.event.actorId).toBe("[redacted]");
    expect(row.redacted).toEqual({ actorId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["a missing seq", JSON.stringify({ ...JSON.parse(encodeEventLine(e, null)), seq: undefined }), /seq/],
    ["a bad hash", encodeEventLine(e, null).replace(e.hash, "xyz"), /hash is not/],
    ["a non-canonical time", encodeEventLine(e, null).replace(".123Z", ".123000Z"), /occurredAt/],
    ["a bad redaction", encodeEventLine(e, null).replace(/}$/, ',"redacted":{"actorId":"md5:1"}}'), /redacted\.actorId/],
  ])("refuse %s", (_n, line, why) => {
    expect(() => decodeEventLine(line)).toThrow(why);
  });
});

describe("events.csv", () => {
  it("quotes, escapes and defuses formulas", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
    expect(csvCell("")).toBe("");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(-3)).toBe("-3");
  });

  it("records split back exactly, even with quoted newlines, across any chunking", () => {
    const records = [encodeCsvRecord(e, null), "x,\"multi\nline\",y", encodeCsvRecord(e, null)];
    const text = records.join("\r\n") + "\r\n";
    for (const size of [1, 3, 7, text.length]) {
      const s = createCsvRecordSplitter();
      const out: string[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
      out.push(...s.end());
      expect(out).toEqual(records);
    }
  });

  it("the record the verifier expects is the one the exporter wrote", () => {
    expect(csvRecordForRow(decodeEventLine(encodeEventLine(e, null)))).toBe(encodeCsvRecord(e, null));
  });
});

describe("segment.csv", () => {
  it("round-trips included and filtered-out events", () => {
    expect(decodeSegmentRecord(encodeSegmentRecord(5, e.hash, 2, e.hash))).toEqual({ seq: 5, hash: e.hash, line: 2, rowSha256: e.hash });
    expect(decodeSegmentRecord(encodeSegmentRecord(6, e.hash, null, null))).toEqual({ seq: 6, hash: e.hash, line: null, rowSha256: null });
    expect(() => decodeSegmentRecord(`7,${e.hash},3,`)).toThrow(/together/);
    expect(() => decodeSegmentRecord("7,abc,,")).toThrow();
  });
});
