import { describe, expect, it } from "vitest";
import { lineColumnAt, utf8Length } from "./source-location";

describe("lineColumnAt", () => {
  it.each([
    ["abc", 0, { line: 1, column: 1 }],
    ["abc", 2, { line: 1, column: 3 }],
    ["ab\ncd", 3, { line: 2, column: 1 }],
    ["ab\ncd", 4, { line: 2, column: 2 }],
    ["é\nüx", utf8Length("é\nü"), { line: 2, column: 2 }], // two-byte characters
    ["😀x", 4, { line: 1, column: 2 }], // four bytes, one column
    ["ab", 99, { line: 1, column: 3 }], // past the end is clamped
  ])("%j at byte %i → %j", (text, offset, expected) => {
    expect(lineColumnAt(text, offset)).toEqual(expected);
  });
});
