"use client";
// What a finding is about, in words; for over-privileged agents, used vs
// granted side by side — the narrower ceiling the bulk action would apply.
import type { PostureFinding } from "@/lib/client/use-posture";

function List({ items, tone }: { items: unknown; tone: "used" | "unused" }) {
  const list = Array.isArray(items) ? (items as string[]) : [];
  if (list.length === 0) return <span className="text-zinc-400">none</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {list.map((x) => (
        <li key={x} className={`rounded px-1.5 py-0.5 font-mono text-xs ${tone === "used" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800 line-through decoration-red-400"}`}>
          {x}
        </li>
      ))}
    </ul>
  );
}

export function FindingDetails({ finding }: { finding: PostureFinding }) {
  const d = finding.details as Record<string, unknown>;
  if (finding.rule === "UNUSED_CEILING") {
    return (
      <div className="space-y-2 text-sm">
        <p className="text-zinc-600">Allowed in the last {String(d.windowDays)} days, against the ceiling granted:</p>
        <table className="text-left text-sm [&_td]:py-1 [&_td]:pr-4 [&_th]:pr-4 [&_th]:font-medium">
          <thead>
            <tr className="text-xs text-zinc-500"><th scope="col"></th><th scope="col">Used</th><th scope="col">Granted, never used</th></tr>
          </thead>
          <tbody>
            <tr><th scope="row">Actions</th><td><List items={d.usedActions} tone="used" /></td><td><List items={d.unusedActions} tone="unused" /></td></tr>
            <tr><th scope="row">Audiences</th><td><List items={d.usedAudiences} tone="used" /></td><td><List items={d.unusedAudiences} tone="unused" /></td></tr>
          </tbody>
        </table>
      </div>
    );
  }
  const lines = Object.entries(d).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  return (
    <ul className="space-y-0.5 font-mono text-xs text-zinc-700">
      {lines.map((l) => <li key={l}>{l}</li>)}
      {finding.resolvedAt && <li>resolution: {finding.resolution}</li>}
    </ul>
  );
}
