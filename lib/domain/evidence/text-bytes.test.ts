import { describe, expect, it } from "vitest";
import { createTextBytes } from "./text-bytes";

describe("text written as UTF-8 bytes", () => {
  it("writes exactly the bytes Buffer.from would, multi-byte characters and lone surrogates included", () => {
    const parts = ["plain ascii,", "é café ", "日本語 ", "emoji 🛡️ ", "lone \ud800 surrogate", "\r\n"];
    const bytes = createTextBytes({ capacity: 1 });
    for (const p of parts) bytes.add(p);
    expect(Buffer.from(bytes.take()).equals(Buffer.from(parts.join(""), "utf8"))).toBe(true);
  });

  it("grows past its capacity without losing what was written", () => {
    const bytes = createTextBytes({ capacity: 1 });
    const lines = Array.from({ length: 5000 }, (_, i) => `{"seq":${i},"note":"ünïcödé ${"x".repeat(i % 97)}"}\n`);
    for (const l of lines) bytes.add(l);
    const one = bytes.take();
    expect(Buffer.from(one).toString("utf8")).toBe(lines.join(""));
    // One line larger than any buffer so far.
    const big = "€".repeat(400_000);
    bytes.add(big);
    expect(Buffer.from(bytes.take()).toString("utf8")).toBe(big);
  });

  it("takes its buffers from the allocator it is given, asking for at least what a batch needs", () => {
    const asked: number[] = [];
    const bytes = createTextBytes({ capacity: 1, allocate: (n) => (asked.push(n), new Uint8Array(n)) });
    bytes.add("x".repeat(70_000));
    expect(Buffer.from(bytes.take()).toString()).toBe("x".repeat(70_000));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeGreaterThanOrEqual(70_000 * 3);
  });

  it("gives every batch a buffer of its own and an empty batch no bytes", () => {
    const bytes = createTextBytes();
    bytes.add("first");
    const a = bytes.take();
    expect(bytes.take()).toHaveLength(0);
    bytes.add("second");
    const b = bytes.take();
    expect(a.buffer).not.toBe(b.buffer);
    expect(Buffer.from(a).toString()).toBe("first");
    expect(Buffer.from(b).toString()).toBe("second");
  });
});
