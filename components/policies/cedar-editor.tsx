"use client";
// A code editor for Cedar without a dependency: a transparent textarea over a
// highlighted copy of the same text, with a line-number gutter that marks the
// lines the check found problems on. Both layers share font, padding and
// wrapping, and the copy scrolls with the textarea.
import { useRef } from "react";
import { HighlightedCedar } from "./code-view";

const LAYER = "m-0 whitespace-pre p-3 font-mono text-xs leading-5";

export function CedarEditor({
  value,
  onChange,
  problemLines,
  readOnly,
  label,
  describedBy,
}: {
  value: string;
  onChange: (text: string) => void;
  problemLines: Set<number>;
  readOnly?: boolean;
  label: string;
  describedBy?: string;
}) {
  const highlight = useRef<HTMLPreElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split("\n").length;
  const syncScroll = (e: React.UIEvent<HTMLTextAreaElement>) => {
    const { scrollTop, scrollLeft } = e.currentTarget;
    if (highlight.current) {
      highlight.current.scrollTop = scrollTop;
      highlight.current.scrollLeft = scrollLeft;
    }
    if (gutter.current) gutter.current.scrollTop = scrollTop;
  };
  return (
    <div className="flex h-[32rem] overflow-hidden rounded-md border border-zinc-300 bg-white shadow-sm focus-within:ring-2 focus-within:ring-accent-500">
      <div ref={gutter} aria-hidden className="select-none overflow-hidden border-r border-zinc-200 bg-zinc-50 py-3 text-right font-mono text-xs leading-5">
        {Array.from({ length: lineCount }, (_, i) => (
          <div key={i} data-line={i + 1} className={`px-2 ${problemLines.has(i + 1) ? "bg-red-100 font-semibold text-red-700" : "text-zinc-400"}`}>
            {i + 1}
          </div>
        ))}
      </div>
      <div className="relative min-w-0 flex-1">
        <pre ref={highlight} aria-hidden className={`${LAYER} pointer-events-none absolute inset-0 overflow-hidden text-zinc-900`}>
          <HighlightedCedar text={value} />
          {"\n"}
        </pre>
        <textarea
          aria-label={label}
          aria-describedby={describedBy}
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          onChange={(e) => onChange(e.target.value)}
          onScroll={syncScroll}
          onKeyDown={(e) => {
            // Tab indents (two spaces) instead of leaving the editor; Escape then Tab still leaves.
            if (e.key !== "Tab" || e.shiftKey || readOnly) return;
            e.preventDefault();
            const el = e.currentTarget;
            const { selectionStart: start, selectionEnd: end } = el;
            onChange(`${value.slice(0, start)}  ${value.slice(end)}`);
            requestAnimationFrame(() => el.setSelectionRange(start + 2, start + 2));
          }}
          className={`${LAYER} absolute inset-0 h-full w-full resize-none overflow-auto bg-transparent text-transparent caret-zinc-900 outline-none selection:bg-accent-100 selection:text-transparent`}
        />
      </div>
    </div>
  );
}
