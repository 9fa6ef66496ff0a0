import { describe, expect, it } from "vitest";
import { diffLines, diffPolicyTexts, splitLines } from "./diff";

/** Rebuilds both sides from a diff: the diff must account for every line of each. */
function sides(lines: ReturnType<typeof diffLines>) {
  return {
    old: lines.filter((l) => l.kind !== "added").map((l) => l.text),
    new: lines.filter((l) => l.kind !== "removed").map((l) => l.text),
  };
}

describe("diffLines", () => {
  it.each([
    ["identical", "a\nb\nc\n", "a\nb\nc\n", 0, 0],
    ["a line added in the middle", "a\nc\n", "a\nb\nc\n", 1, 0],
    ["a line removed", "a\nb\nc", "a\nc", 0, 1],
    ["a line changed", "a\nb\nc", "a\nB\nc", 1, 1],
    ["from nothing", "", "x\ny\n", 2, 0],
    ["to nothing", "x\ny\n", "", 0, 2],
    ["both empty", "", "", 0, 0],
    ["CRLF against LF is no change", "a\r\nb\r\n", "a\nb\n", 0, 0],
  ])("%s: +%i −%i", (_name, a, b, added, removed) => {
    const lines = diffLines(a, b);
    expect(lines.filter((l) => l.kind === "added")).toHaveLength(added);
    expect(lines.filter((l) => l.kind === "removed")).toHaveLength(removed);
    expect(sides(lines)).toEqual({ old: splitLines(a), new: splitLines(b) });
  });

  it("numbers lines on each side", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "added", text: "x", newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
    ]);
  });

  it("is a shortest edit for random texts (it never rewrites lines it could keep)", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(12) }, () => "abcd"[rand(4)]);
      const b = Array.from({ length: rand(12) }, () => "abcd"[rand(4)]);
      const lines = diffLines(a.join("\n"), b.join("\n"));
      expect(sides(lines)).toEqual({ old: a, new: b });
      const kept = lines.filter((l) => l.kind === "same").length;
      expect(kept).toBe(lcsLength(a, b));
    }
  });
});

function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

describe("diffPolicyTexts", () => {
  const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

  it("groups changes into hunks with context, merging nearby ones", () => {
    const changed = [...base];
    changed[4] = "line five";
    changed[6] = "line seven";
    changed[17] = "line eighteen";
    const diff = diffPolicyTexts(base.join("\n"), changed.join("\n"), 2);
    expect(diff).toMatchObject({ added: 3, removed: 3 });
    expect(diff.hunks.map((h) => [h.oldStart, h.newStart])).toEqual([[3, 3], [16, 16]]);
    // lines 3..9 around the first two changes (each change is a − and a +)
    expect(diff.hunks[0].lines).toHaveLength(7 + 2);
  });

  it("has no hunks when nothing changed", () => {
    expect(diffPolicyTexts(base.join("\n"), base.join("\n"))).toEqual({ added: 0, removed: 0, hunks: [] });
  });

  it("starts a hunk of pure additions at the right line on the old side", () => {
    const diff = diffPolicyTexts("a\nb", "a\nb\nc", 0);
    expect(diff.hunks).toEqual([{ oldStart: 3, newStart: 3, lines: [{ kind: "added", text: "c", newLine: 3 }] }]);
  });
});
