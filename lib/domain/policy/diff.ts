// A line diff between two policy texts, for people reviewing a change: which
// lines were removed, which added, with their line numbers on each side, and
// hunks with a little unchanged context around each change. Myers' O((N+M)·D)
// algorithm, so two long sets that differ in a few lines cost little.

export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number };

export type DiffHunk = { oldStart: number; newStart: number; lines: DiffLine[] };

export type PolicyDiff = { added: number; removed: number; hunks: DiffHunk[] };

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  // A final newline ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Every line of both texts, in order, marked same / removed / added. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const script = shortestEditScript(a, b);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of script) {
    if (op === "=") out.push({ kind: "same", text: a[i], oldLine: ++i, newLine: ++j });
    else if (op === "-") out.push({ kind: "removed", text: a[i], oldLine: ++i });
    else out.push({ kind: "added", text: b[j], newLine: ++j });
  }
  return out;
}

/** The changes with `context` unchanged lines around each; overlapping hunks merge. */
export function diffPolicyTexts(oldText: string, newText: string, context = 3): PolicyDiff {
  const lines = diffLines(oldText, newText);
  const changed = lines.map((l, index) => (l.kind === "same" ? -1 : index)).filter((index) => index >= 0);
  const hunks: DiffHunk[] = [];
  let current: { from: number; to: number } | null = null;
  const flush = () => {
    if (!current) return;
    const slice = lines.slice(current.from, current.to + 1);
    hunks.push({ oldStart: firstLine(lines, current.from, "old"), newStart: firstLine(lines, current.from, "new"), lines: slice });
  };
  for (const index of changed) {
    const from = Math.max(0, index - context);
    const to = Math.min(lines.length - 1, index + context);
    if (current && from <= current.to + 1) current.to = Math.max(current.to, to);
    else {
      flush();
      current = { from, to };
    }
  }
  flush();
  return { added: lines.filter((l) => l.kind === "added").length, removed: lines.filter((l) => l.kind === "removed").length, hunks };
}

/** The line number a hunk starts at on one side (the next line that side has, counting from `index`). */
function firstLine(lines: DiffLine[], index: number, side: "old" | "new"): number {
  for (let k = index; k < lines.length; k++) {
    const l = lines[k];
    if (side === "old" && l.kind !== "added") return l.oldLine;
    if (side === "new" && l.kind !== "removed") return l.newLine;
  }
  // Nothing left on this side: the hunk starts after its last line.
  for (let k = index - 1; k >= 0; k--) {
    const l = lines[k];
    if (side === "old" && l.kind !== "added") return l.oldLine + 1;
    if (side === "new" && l.kind !== "removed") return l.newLine + 1;
  }
  return 1;
}

/** Myers' greedy algorithm with a trace, backtracked into "=", "-" and "+" steps. */
function shortestEditScript(a: string[], b: string[]): ("=" | "-" | "+")[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    v = next;
  }
  // Backtrack from (n, m) through the saved frontiers.
  const ops: ("=" | "-" | "+")[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push("=");
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push("+");
      else ops.push("-");
      x = prevX;
      y = prevY;
    }
  }
  return ops.reverse();
}
