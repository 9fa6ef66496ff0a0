import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeLogCursor, encodeLogCursor, filterDigest } from "./log-cursor";

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const position = { occurredAt: new Date("2026-11-23T09:00:00.123Z"), seq: 4711 };

describe("log cursors", () => {
  const digest = filterDigest({ outcome: "DENY", agentId: "a1" });

  it("round-trips a position for the same filters", () => {
    expect(decodeLogCursor(encodeLogCursor(position, digest, KEY), digest, KEY)).toEqual({ ok: true, position });
  });

  it("digests filters independently of key order and absent keys", () => {
    expect(filterDigest({ agentId: "a1", outcome: "DENY", q: undefined })).toBe(digest);
    expect(filterDigest({ agentId: "a1", outcome: "ALLOW" })).not.toBe(digest);
  });

  const cursor = encodeLogCursor(position, digest, KEY);
  const [payload, mac] = cursor.split(".");
  const forged = (body: object) => `${Buffer.from(JSON.stringify(body)).toString("base64url")}.${mac}`;

  it.each([
    ["an edited position (same MAC)", forged({ t: position.occurredAt.getTime(), s: 1, f: digest }), /altered/],
    ["a MAC from another key", encodeLogCursor(position, digest, OTHER_KEY), /altered/],
    ["a truncated MAC", `${payload}.${mac.slice(0, 10)}`, /altered/],
    ["no MAC", payload, /malformed/],
    ["three parts", `${cursor}.x`, /malformed/],
    ["characters outside base64url", `${payload}!.${mac}`, /malformed/],
    ["an oversized cursor", "a".repeat(301), /too long/],
    ["an empty string", "", /malformed/],
  ])("refuses %s", (_name, bad, reason) => {
    const r = decodeLogCursor(bad, digest, KEY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("refuses a genuine cursor with other filters", () => {
    const r = decodeLogCursor(cursor, filterDigest({ outcome: "ALLOW" }), KEY);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/other filters/) });
  });

  it("refuses a correctly MACed body that is not a position", () => {
    for (const body of [{ t: "x", s: 1, f: digest }, { t: 1, s: 0, f: digest }, { t: 1, s: 1.5, f: digest }, { t: 1e20, s: 1, f: digest }]) {
      const p = Buffer.from(JSON.stringify(body)).toString("base64url");
      const m = createHmac("sha256", KEY).update(p).digest().subarray(0, 16).toString("base64url");
      expect(decodeLogCursor(`${p}.${m}`, digest, KEY)).toEqual({ ok: false, reason: "is malformed" });
    }
  });
});
