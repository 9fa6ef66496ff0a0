"use client";
// Charts where people look rather than read: decisions over time by outcome,
// how long step-ups waited for a person, and the agents denied most. Plain
// inline SVG (no chart library); each figure says what it shows in words
// (aria-label) and carries its numbers as a table for screen readers and
// anyone who prefers to read.
import type { ReactNode } from "react";
import type { LogStats } from "@/lib/client/types";
import { useLogStats } from "@/lib/client/use-audit-log";
import type { LogFilterValues } from "@/lib/client/log-filters";
import { errorMessage } from "@/lib/client/api";

const OUTCOME_COLOURS = { ALLOW: "#059669", STEP_UP: "#d97706", DENY: "#dc2626" } as const;
const OUTCOME_LABELS = { ALLOW: "Allowed", STEP_UP: "Step-up", DENY: "Denied" } as const;
const OUTCOMES = ["ALLOW", "STEP_UP", "DENY"] as const;

function Figure({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: ReactNode }) {
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <figcaption className="text-sm font-semibold text-zinc-900">{title}</figcaption>
      <p className="mt-0.5 text-xs text-zinc-500">{summary}</p>
      <div className="mt-3">{children}</div>
      <details className="mt-2 text-xs text-zinc-600">
        <summary className="cursor-pointer select-none">Show as table</summary>
        <div className="mt-2 max-h-48 overflow-auto">{table}</div>
      </details>
    </figure>
  );
}

const TABLE = "min-w-full text-left text-xs [&_td]:py-0.5 [&_td]:pr-3 [&_th]:pr-3 [&_th]:font-semibold";

export function DecisionsChart({ stats }: { stats: LogStats }) {
  const rows = stats.decisions;
  const max = Math.max(1, ...rows.map((r) => r.ALLOW + r.DENY + r.STEP_UP));
  const totals = OUTCOMES.map((o) => rows.reduce((n, r) => n + r[o], 0));
  const W = 600;
  const H = 140;
  const barW = rows.length ? W / rows.length : W;
  const per = stats.bucket === "hour" ? "hour" : "day";
  const summary = `${totals.reduce((a, b) => a + b, 0)} decisions: ${OUTCOMES.map((o, i) => `${totals[i]} ${OUTCOME_LABELS[o].toLowerCase()}`).join(", ")}; busiest ${per} ${max}.`;
  return (
    <Figure
      title={`Decisions per ${per} by outcome`}
      summary={summary}
      table={
        <table className={TABLE}>
          <thead><tr><th scope="col">{per === "hour" ? "Hour (UTC)" : "Day (UTC)"}</th>{OUTCOMES.map((o) => <th key={o} scope="col">{OUTCOME_LABELS[o]}</th>)}</tr></thead>
          <tbody>{rows.map((r) => <tr key={r.bucket}><td>{r.bucket}</td>{OUTCOMES.map((o) => <td key={o}>{r[o]}</td>)}</tr>)}</tbody>
        </table>
      }
    >
      <svg viewBox={`0 0 ${W} ${H}`} className="h-36 w-full" role="img" aria-label={`Decisions per ${per} by outcome. ${summary}`} preserveAspectRatio="none">
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#d4d4d8" />
        {rows.map((r, i) => {
          let y = H;
          return (
            <g key={r.bucket}>
              {OUTCOMES.map((o) => {
                const h = (r[o] / max) * (H - 4);
                y -= h;
                return h > 0 ? <rect key={o} x={i * barW + barW * 0.1} y={y} width={barW * 0.8} height={h} fill={OUTCOME_COLOURS[o]}><title>{`${r.bucket}: ${r[o]} ${OUTCOME_LABELS[o].toLowerCase()}`}</title></rect> : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul className="mt-2 flex gap-4 text-xs text-zinc-600" aria-hidden>
        {OUTCOMES.map((o) => (
          <li key={o} className="flex items-center gap-1.5"><span className="inline-block size-2.5 rounded-sm" style={{ background: OUTCOME_COLOURS[o] }} />{OUTCOME_LABELS[o]}</li>
        ))}
      </ul>
    </Figure>
  );
}

function formatSeconds(s: number | null): string {
  if (s === null) return "—";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function HorizontalBars({ label, rows }: { label: string; rows: { key: string; label: string; count: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const W = 300;
  const rowH = 22;
  return (
    <svg viewBox={`0 0 ${W} ${Math.max(rowH, rows.length * rowH)}`} className="w-full" style={{ height: Math.max(rowH, rows.length * rowH) }} role="img" aria-label={label}>
      {rows.map((r, i) => (
        <g key={r.key} transform={`translate(0 ${i * rowH})`}>
          <text x={0} y={15} fontSize={11} fill="#3f3f46">{r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}</text>
          <rect x={130} y={4} width={Math.max(1, ((W - 170) * r.count) / max)} height={14} rx={2} fill="#6366f1" />
          <text x={134 + ((W - 170) * r.count) / max} y={15} fontSize={11} fill="#3f3f46">{r.count}</text>
        </g>
      ))}
    </svg>
  );
}

export function StepUpLatencyChart({ stats }: { stats: LogStats }) {
  const l = stats.stepUpLatency;
  const summary = l.count === 0 ? "No step-up was approved in this period." : `${l.count} approved; median wait ${formatSeconds(l.medianSeconds)}, 95th percentile ${formatSeconds(l.p95Seconds)}.`;
  const rows = l.buckets.map((b) => ({ key: b.label, label: b.label, count: b.count }));
  return (
    <Figure
      title="Step-up approval latency"
      summary={summary}
      table={<table className={TABLE}><thead><tr><th scope="col">Waited</th><th scope="col">Approvals</th></tr></thead><tbody>{rows.map((r) => <tr key={r.key}><td>{r.label}</td><td>{r.count}</td></tr>)}</tbody></table>}
    >
      <HorizontalBars label={`Step-up approval latency. ${summary} ${rows.map((r) => `${r.label}: ${r.count}`).join("; ")}.`} rows={rows} />
    </Figure>
  );
}

export function TopDeniedChart({ stats }: { stats: LogStats }) {
  const rows = stats.topDeniedAgents.map((a) => ({ key: a.agentId, label: a.name ?? a.agentId, count: a.count }));
  const summary = rows.length === 0 ? "No agent was denied in this period." : `Most denied: ${rows[0].label} (${rows[0].count}).`;
  return (
    <Figure
      title="Top denied agents"
      summary={summary}
      table={<table className={TABLE}><thead><tr><th scope="col">Agent</th><th scope="col">Denials</th></tr></thead><tbody>{rows.map((r) => <tr key={r.key}><td>{r.label}</td><td>{r.count}</td></tr>)}</tbody></table>}
    >
      {rows.length > 0 ? <HorizontalBars label={`Top denied agents. ${rows.map((r) => `${r.label}: ${r.count}`).join("; ")}.`} rows={rows} /> : <p className="py-4 text-center text-xs text-zinc-500">Nothing denied.</p>}
    </Figure>
  );
}

export function LogCharts({ filters }: { filters: LogFilterValues }) {
  const stats = useLogStats(filters);
  if (stats.isError) return <p className="mb-4 text-sm text-red-700">Charts unavailable: {errorMessage(stats.error)}</p>;
  if (!stats.data) return null;
  return (
    <section aria-label="Charts" className="mb-6 grid gap-4 lg:grid-cols-3">
      <div className="lg:col-span-3">
        <DecisionsChart stats={stats.data} />
      </div>
      <StepUpLatencyChart stats={stats.data} />
      <div className="lg:col-span-2">
        <TopDeniedChart stats={stats.data} />
      </div>
    </section>
  );
}
