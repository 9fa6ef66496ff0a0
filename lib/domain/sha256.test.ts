import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256";

describe("sha256", () => {
  it("is SHA-256 of the UTF-8 bytes, in hex and base64url", () => {
    // FIPS 180-2 test vector "abc".
    expect(sha256("abc", "hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("abc", "base64url")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    for (const s of ["", "é", "日本語", "\u{1F600}", "a".repeat(10_000)]) {
      expect(sha256(s, "hex")).toBe(createHash("sha256").update(Buffer.from(s, "utf8")).digest("hex"));
    }
  });
});
