import { policyToJson } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { findRuntimeRisks } from "./runtime-risks";

const risksOf = (condition: string) => {
  const answer = policyToJson(`forbid(principal, action, resource) when { ${condition} };`);
  if (answer.type === "failure") throw new Error(JSON.stringify(answer.errors));
  return findRuntimeRisks(answer.json);
};

describe("findRuntimeRisks", () => {
  it.each([
    ['principal.owned && context.verb like "*delete*"'],
    ['["read", "list"].contains(context.verb)'],
    ['Mandate::Agent::"root" has owned'], // `has` on a missing entity is false, not an error
    ['{ "+": 1, "*": 2 }["+"] == 1'], // record keys are names, not operators
    ['principal in Mandate::User::"alice"'],
    ['{ a: { b: context.hourUtc } }.a.b > 3'],
  ])("accepts %s", (condition) => {
    expect(risksOf(condition)).toEqual([]);
  });

  it.each([
    ["context.hourUtc + 1 > 3", /overflow/],
    ["context.hourUtc - 1 > 3", /overflow/],
    ["[context.hourUtc * 2].contains(4)", /overflow/],
    ["if principal.owned then -context.hourUtc > 0 else false", /overflow/],
    ['Mandate::Agent::"root".owned', /entity literal/],
    ['(if principal.owned then principal else Mandate::Agent::"x").owned', /entity literal/],
    ['datetime("2025-01-01").offset(duration("1d")) > datetime("2025-01-01")', /datetime/],
  ])("flags %s", (condition, message) => {
    expect(risksOf(condition)).toEqual([expect.stringMatching(message)]);
  });

  it("names each kind of risk once", () => {
    expect(risksOf("context.hourUtc * 2 > context.dayOfWeek * 3")).toHaveLength(1);
  });
});
