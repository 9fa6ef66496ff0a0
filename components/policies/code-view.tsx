// Policy text as people read it: highlighted, with line numbers that can be
// linked to (#L12), and lines that have a problem marked.
import { tokenizeCedar, TOKEN_CLASS } from "@/lib/client/cedar-highlight";

export function HighlightedCedar({ text }: { text: string }) {
  return (
    <>
      {tokenizeCedar(text).map((t, i) =>
        t.kind === "text" ? (
          t.text
        ) : (
          <span key={i} className={TOKEN_CLASS[t.kind]}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
}

export function CodeView({ text, label, markedLines = [] }: { text: string; label: string; markedLines?: number[] }) {
  const lines = text.replace(/\n$/, "").split("\n");
  const marked = new Set(markedLines);
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50">
      <table className="w-full border-collapse font-mono text-xs leading-5" aria-label={label}>
        <tbody>
          {lines.map((line, i) => (
            <tr key={i} id={`L${i + 1}`} className={marked.has(i + 1) ? "bg-red-50" : undefined}>
              <td className="select-none border-r border-zinc-200 px-2 text-right text-zinc-400" aria-hidden>
                {i + 1}
              </td>
              <td className="whitespace-pre px-3 text-zinc-900">
                <HighlightedCedar text={line} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
