import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: "x" }, '{"b":"x"}'],
    [{ t: new Date("2026-01-02T03:04:05.678Z") }, '{"t":"2026-01-02T03:04:05.678Z"}'],
    ["é\u0000\"", '"é\\u0000\\""'],
    [[true, false, 1.5], "[true,false,1.5]"],
  ])("encodes %j as %s", (value, expected) => {
    expect(canonicalJson(value as never)).toBe(expected);
  });

  it("is independent of key insertion order", () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it("refuses values it cannot encode faithfully", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: (() => 1) as never })).toThrow(/unsupported/);
  });
});
