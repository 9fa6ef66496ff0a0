"use client";
// The posture header: open findings by kind (each a link to that filter) and by
// severity, and the trend of open findings from the recorded evaluations —
// inline SVG like the audit log's charts, with its numbers as a table too.
import Link from "next/link";
import { FINDING_KINDS, SEVERITIES } from "@/lib/domain/posture/types";
import { errorMessage } from "@/lib/client/api";
import { KIND_LABELS, SEVERITY_COLOURS, SEVERITY_LABELS, postureFiltersToSearch, type PostureFilters } from "@/lib/client/posture-filters";
import { usePostureSummary, type PostureSummary as Summary } from "@/lib/client/use-posture";
import { DateTime } from "@/components/ui/date-time";

const TABLE = "min-w-full text-left text-xs [&_td]:py-0.5 [&_td]:pr-3 [&_th]:pr-3 [&_th]:font-semibold";

export function TrendChart({ trend }: { trend: Summary["trend"] }) {
  const points = trend.points;
  const W = 600;
  const H = 120;
  const max = Math.max(1, ...points.map((p) => p.total));
  const barW = points.length ? W / points.length : W;
  const per = trend.bucket === "hour" ? "hour" : "day";
  const latest = points.at(-1);
  const summary = points.length === 0 ? "No evaluation has been recorded in this period yet." : `${points.length} ${per}s with evaluations; open findings now ${latest?.total ?? 0}, highest ${max}.`;
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <figcaption className="text-sm font-semibold text-zinc-900">Open findings per {per}</figcaption>
      <p className="mt-0.5 text-xs text-zinc-500">{summary}</p>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-3 h-28 w-full" role="img" aria-label={`Open findings per ${per} by severity. ${summary}`} preserveAspectRatio="none">
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#d4d4d8" />
        {points.map((p, i) => {
          let y = H;
          return (
            <g key={p.bucket}>
              {SEVERITIES.map((s) => {
                const h = (p[s] / max) * (H - 4);
                y -= h;
                return h > 0 ? (
                  <rect key={s} x={i * barW + barW * 0.15} y={y} width={barW * 0.7} height={h} fill={SEVERITY_COLOURS[s]}>
                    <title>{`${p.bucket}: ${p[s]} ${SEVERITY_LABELS[s].toLowerCase()}`}</title>
                  </rect>
                ) : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul className="mt-2 flex gap-4 text-xs text-zinc-600" aria-hidden>
        {SEVERITIES.map((s) => (
          <li key={s} className="flex items-center gap-1.5">
            <span className="inline-block size-2.5 rounded-sm" style={{ background: SEVERITY_COLOURS[s] }} />
            {SEVERITY_LABELS[s]}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-xs text-zinc-600">
        <summary className="cursor-pointer select-none">Show as table</summary>
        <div className="mt-2 max-h-48 overflow-auto">
          <table className={TABLE}>
            <thead>
              <tr>
                <th scope="col">{per === "hour" ? "Hour (UTC)" : "Day (UTC)"}</th>
                <th scope="col">Open</th>
                {SEVERITIES.map((s) => <th key={s} scope="col">{SEVERITY_LABELS[s]}</th>)}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.bucket}>
                  <td>{p.bucket}</td>
                  <td>{p.total}</td>
                  {SEVERITIES.map((s) => <td key={s}>{p[s]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function PostureSummary({ filters }: { filters: PostureFilters }) {
  const summary = usePostureSummary();
  if (summary.isError) return <p className="mb-4 text-sm text-red-700">Summary unavailable: {errorMessage(summary.error)}</p>;
  if (!summary.data) return null;
  const { open, lastRun, trend } = summary.data;
  return (
    <section aria-label="Summary" className="mb-6 space-y-4">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm">
          <p className="text-xs font-medium text-zinc-500">Open findings</p>
          <p className="text-2xl font-semibold text-zinc-900" aria-label={`${open.total} open findings`}>{open.total}</p>
          <p className="text-xs text-zinc-500">{SEVERITIES.filter((s) => open.bySeverity[s] > 0).map((s) => `${open.bySeverity[s]} ${SEVERITY_LABELS[s].toLowerCase()}`).join(", ") || "none"}</p>
        </div>
        {FINDING_KINDS.map((k) => (
          <Link
            key={k}
            href={`/posture?${postureFiltersToSearch({ ...filters, kind: k })}`}
            className={`rounded-lg border bg-white p-3 shadow-sm hover:border-accent-400 ${filters.kind === k ? "border-accent-500" : "border-zinc-200"}`}
            aria-label={`${KIND_LABELS[k]}: ${open.byKind[k]} open`}
          >
            <p className="text-xs font-medium text-zinc-500">{KIND_LABELS[k]}</p>
            <p className="text-2xl font-semibold text-zinc-900">{open.byKind[k]}</p>
          </Link>
        ))}
      </div>
      <TrendChart trend={trend} />
      <p className="text-xs text-zinc-500">
        {lastRun ? (
          <>
            Last evaluated <DateTime iso={lastRun.finishedAt} /> ({lastRun.trigger === "SCHEDULED" ? "scheduled" : "after a change"}, {lastRun.agentsEvaluated} agent{lastRun.agentsEvaluated === 1 ? "" : "s"}, {lastRun.durationMs} ms). Findings are re-evaluated every few minutes and at once when an agent or its owner changes.
          </>
        ) : (
          "No evaluation has run yet; the first runs within a few minutes of start-up."
        )}
      </p>
    </section>
  );
}
