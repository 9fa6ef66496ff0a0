import { describe, expect, it } from "vitest";
import { tokenizeCedar } from "./cedar-highlight";

describe("tokenizeCedar", () => {
  it("covers every character exactly once", () => {
    const text = '// hi\n@id("x")\nforbid (principal, action == Mandate::Action::"request", resource)\nwhen { context.verb == "a\\"b" && context.n >= 3 };\n';
    expect(tokenizeCedar(text).map((t) => t.text).join("")).toBe(text);
  });

  it("classifies comments, strings, annotations, entities, keywords and variables", () => {
    const kinds = (text: string) => tokenizeCedar(text).filter((t) => t.kind !== "text").map((t) => [t.kind, t.text]);
    expect(kinds('@reason("a // not a comment") forbid')).toEqual([["annotation", "@reason"], ["string", '"a // not a comment"'], ["keyword", "forbid"]]);
    expect(kinds("// permit everything")).toEqual([["comment", "// permit everything"]]);
    expect(kinds('principal == Mandate::Agent::"a"')).toEqual([["variable", "principal"], ["operator", "=="], ["entity", "Mandate::Agent"], ["string", '"a"']]);
  });

  it("keeps an unterminated string on its line", () => {
    expect(tokenizeCedar('"open\nnext').map((t) => [t.kind, t.text])).toEqual([["string", '"open'], ["text", "\n"], ["text", "next"]]);
  });
});
