import { describe, expect, it } from "vitest";
import { readCappedText } from "./read-capped-text";

const request = (body: BodyInit) => new Request("https://mandate.example/", { method: "POST", body });

describe("readCappedText", () => {
  it("refuses invalid UTF-8, and reads the next body whole (the shared decoder keeps nothing from a failed one)", async () => {
    // A sequence cut short ("a" and two of the three bytes of "€"), then a whole one.
    expect(await readCappedText(request(new Uint8Array([0x61, 0xe2, 0x82])), 100)).toEqual({ ok: false, reason: "invalid_utf8" });
    expect(await readCappedText(request(new Uint8Array([0xac, 0x62])), 100)).toEqual({ ok: false, reason: "invalid_utf8" });
    expect(await readCappedText(request("bc€ ünïcödé"), 100)).toEqual({ ok: true, text: "bc€ ünïcödé" });
  });

  it("refuses a body over the cap as it arrives, and takes one exactly at the cap", async () => {
    expect(await readCappedText(request("x".repeat(101)), 100)).toEqual({ ok: false, reason: "too_large" });
    expect(await readCappedText(request("x".repeat(100)), 100)).toEqual({ ok: true, text: "x".repeat(100) });
  });

  it("refuses a body whose declared length is over the cap without reading it", async () => {
    const declared = new Request("https://mandate.example/", { method: "POST", body: "x", headers: { "content-length": "101" } });
    expect(await readCappedText(declared, 100)).toEqual({ ok: false, reason: "too_large" });
    expect(declared.bodyUsed).toBe(false);
  });
});
