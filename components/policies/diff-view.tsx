import type { PolicyDiff } from "@/lib/client/policy-types";
import { HighlightedCedar } from "./code-view";

const ROW = { same: "", added: "bg-emerald-50", removed: "bg-red-50" } as const;
const SIGN = { same: " ", added: "+", removed: "−" } as const;

/** `newLabel` names the newer side when it is not a version (the draft being edited). */
export function DiffView({ diff, newLabel }: { diff: PolicyDiff; newLabel?: string }) {
  const newSide = newLabel ?? `version ${diff.to}`;
  if (diff.hunks.length === 0) return <p className="text-sm text-zinc-600">The policy text is the same.</p>;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-700">
        <span className="font-medium text-emerald-800">{diff.added} line{diff.added === 1 ? "" : "s"} added</span>,{" "}
        <span className="font-medium text-red-800">{diff.removed} removed</span>.
      </p>
      {diff.hunks.map((hunk, h) => (
        <div key={h} className="overflow-x-auto rounded-md border border-zinc-200">
          <p className="border-b border-zinc-200 bg-zinc-50 px-3 py-1 font-mono text-xs text-zinc-500">
            @@ version {diff.from} line {hunk.oldStart}, {newSide} line {hunk.newStart} @@
          </p>
          <table className="w-full border-collapse font-mono text-xs leading-5" aria-label={`Change ${h + 1}`}>
            <tbody>
              {hunk.lines.map((line, i) => (
                <tr key={i} className={ROW[line.kind]} data-kind={line.kind}>
                  <td className="w-10 select-none px-2 text-right text-zinc-400">{"oldLine" in line ? line.oldLine : ""}</td>
                  <td className="w-10 select-none px-2 text-right text-zinc-400">{"newLine" in line ? line.newLine : ""}</td>
                  <td className="w-4 select-none text-center text-zinc-500" aria-label={line.kind === "same" ? undefined : line.kind}>
                    {SIGN[line.kind]}
                  </td>
                  <td className="whitespace-pre pr-3">
                    <HighlightedCedar text={line.text} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
