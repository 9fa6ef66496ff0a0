"use client";
// The log's filters. Every change goes into the URL (router.push), so a
// filtered view can be bookmarked and shared and back/forward walks the
// views; the page renders from the URL. Text fields are submitted as a plain
// GET form, so what someone types before hydration is not lost.
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { EVENT_TYPE_OPTIONS, OUTCOME_OPTIONS, hasAnyLogFilter, isoToLocalInput, localInputToIso, logSearch, type LogFilterParam, type LogFilterValues } from "@/lib/client/log-filters";
import { Button } from "@/components/ui/button";
import { INPUT_CLASS } from "@/components/ui/field";

export type Option = { value: string; label: string };

function Labelled({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-zinc-600">{label}</label>
      {children}
    </div>
  );
}

export function LogFiltersBar({ filters, agents, owners, policyVersions }: { filters: LogFilterValues; agents: Option[]; owners: Option[]; policyVersions: number[] }) {
  const router = useRouter();
  const apply = (next: LogFilterValues) => {
    const qs = logSearch(next);
    router.push(qs ? `/logs?${qs}` : "/logs", { scroll: false });
  };
  const set = (key: LogFilterParam) => (value: string) => apply({ ...filters, [key]: value || undefined });

  const select = (key: LogFilterParam, label: string, anyLabel: string, options: readonly Option[]) => (
    <Labelled label={label} htmlFor={`log-${key}`}>
      <select id={`log-${key}`} className={`${INPUT_CLASS} mt-1`} value={filters[key] ?? ""} onChange={(e) => set(key)(e.target.value)}>
        <option value="">{anyLabel}</option>
        {/* A value from a shared link that is not in the list still shows. */}
        {filters[key] && !options.some((o) => o.value === filters[key]) && <option value={filters[key]}>{filters[key]}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Labelled>
  );

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "").trim() || undefined;
    apply({
      ...filters,
      q: text("q"),
      action: text("action")?.toLowerCase(),
      audience: text("audience"),
      policyId: text("policyId"),
      from: localInputToIso(String(form.get("fromLocal") ?? "")),
      to: localInputToIso(String(form.get("toLocal") ?? "")),
    });
  };
  const carried = Object.entries(filters).filter(([k]) => !["q", "action", "audience", "policyId", "from", "to"].includes(k));

  return (
    <div className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <form role="search" aria-label="Filter the log" action="/logs" method="get" onSubmit={onSubmit} className="space-y-3">
        {carried.map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
        <div className="flex gap-2">
          <label htmlFor="log-q" className="sr-only">Search intents</label>
          <input id="log-q" name="q" type="search" placeholder="Search the declared intent, e.g. refund duplicate charge" className={INPUT_CLASS} key={`q:${filters.q ?? ""}`} defaultValue={filters.q ?? ""} />
          <Button type="submit">Apply</Button>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Labelled label="From" htmlFor="log-from">
            <input id="log-from" name="fromLocal" type="datetime-local" className={`${INPUT_CLASS} mt-1`} key={`from:${filters.from ?? ""}`} defaultValue={isoToLocalInput(filters.from)} suppressHydrationWarning />
          </Labelled>
          <Labelled label="To" htmlFor="log-to">
            <input id="log-to" name="toLocal" type="datetime-local" className={`${INPUT_CLASS} mt-1`} key={`to:${filters.to ?? ""}`} defaultValue={isoToLocalInput(filters.to)} suppressHydrationWarning />
          </Labelled>
          <Labelled label="Action" htmlFor="log-action">
            <input id="log-action" name="action" placeholder="e.g. refund" className={`${INPUT_CLASS} mt-1`} key={`action:${filters.action ?? ""}`} defaultValue={filters.action ?? ""} />
          </Labelled>
          <Labelled label="Audience" htmlFor="log-audience">
            <input id="log-audience" name="audience" placeholder="https://…" className={`${INPUT_CLASS} mt-1`} key={`audience:${filters.audience ?? ""}`} defaultValue={filters.audience ?? ""} />
          </Labelled>
          <Labelled label="Matched policy" htmlFor="log-policyId">
            <input id="log-policyId" name="policyId" placeholder="policy @id" className={`${INPUT_CLASS} mt-1`} key={`policyId:${filters.policyId ?? ""}`} defaultValue={filters.policyId ?? ""} />
          </Labelled>
        </div>
      </form>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {select("outcome", "Outcome", "Any outcome", OUTCOME_OPTIONS)}
        {select("type", "Event type", "Every event", EVENT_TYPE_OPTIONS)}
        {select("agentId", "Agent", "Any agent", agents)}
        {select("ownerId", "Owner", "Anyone", owners)}
        {select("policyVersion", "Policy-set version", "Any version", policyVersions.map((v) => ({ value: String(v), label: `v${v}` })))}
      </div>
      {hasAnyLogFilter(filters) && (
        <Button variant="ghost" className="-ml-2" onClick={() => apply({})}>Clear filters</Button>
      )}
    </div>
  );
}
