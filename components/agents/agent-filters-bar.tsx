"use client";
// Search and filters for the agents list. Every change goes into the URL, so
// a filtered view can be bookmarked and shared; the page renders from the URL.
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode } from "react";
import {
  OWNERSHIP_OPTIONS,
  STATUS_OPTIONS,
  TIER_OPTIONS,
  agentFiltersToSearch,
  hasAnyFilter,
  type AgentFilters,
} from "@/lib/client/agent-filters";
import { Button } from "@/components/ui/button";
import { INPUT_CLASS } from "@/components/ui/field";

const LABELS: Record<string, string> = {
  ACTIVE: "Active",
  SUSPENDED: "Suspended",
  DECOMMISSIONED: "Decommissioned",
  LOW: "Low",
  HIGH: "High",
  CRITICAL: "Critical",
  unowned: "Unowned",
  pending: "Ownership pending",
  owned: "Owned",
};

export type OwnerOption = { id: string; label: string };

function FilterSelect({ label, value, onChange, children }: { label: string; value: string | undefined; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <label className="block min-w-0 text-xs font-medium text-zinc-600">
      {label}
      <select className={`${INPUT_CLASS} mt-1`} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}

export function AgentFiltersBar({ filters, environments, owners }: { filters: AgentFilters; environments: string[]; owners: OwnerOption[] }) {
  const router = useRouter();

  const apply = (next: AgentFilters) => {
    const qs = agentFiltersToSearch(next);
    router.push(qs ? `/agents?${qs}` : "/agents", { scroll: false });
  };
  const change = (key: keyof AgentFilters) => (value: string) => apply({ ...filters, [key]: value || undefined });
  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    apply({ ...filters, q: q || undefined });
  };
  // The search box is uncontrolled and the form is a plain GET form carrying
  // the other filters: what someone types before the page has hydrated is
  // neither wiped by hydration nor lost if they submit before it.
  const carried = Object.entries(filters).filter(([k, v]) => k !== "q" && v);

  return (
    <div className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <form role="search" action="/agents" method="get" onSubmit={onSearch} className="flex gap-2">
        {carried.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <label htmlFor="agent-search" className="sr-only">
          Search agents
        </label>
        <input
          id="agent-search"
          type="search"
          placeholder="Search by name or client id"
          className={INPUT_CLASS}
          name="q"
          // Remounts when the URL's query changes (back/forward), showing it.
          key={filters.q ?? ""}
          defaultValue={filters.q ?? ""}
        />
        <Button type="submit">Search</Button>
      </form>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <FilterSelect label="Status" value={filters.status} onChange={change("status")}>
          <option value="">Any status</option>
          {STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>{LABELS[s]}</option>
          ))}
        </FilterSelect>
        <FilterSelect label="Ownership" value={filters.ownership} onChange={change("ownership")}>
          <option value="">Any ownership</option>
          {OWNERSHIP_OPTIONS.map((s) => (
            <option key={s} value={s}>{LABELS[s]}</option>
          ))}
        </FilterSelect>
        <FilterSelect label="Owner" value={filters.ownerId} onChange={change("ownerId")}>
          <option value="">Anyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>{o.label}</option>
          ))}
        </FilterSelect>
        <FilterSelect label="Environment" value={filters.environment} onChange={change("environment")}>
          <option value="">Any environment</option>
          {[...new Set([...environments, ...(filters.environment ? [filters.environment] : [])])].map((env) => (
            <option key={env} value={env}>{env}</option>
          ))}
        </FilterSelect>
        <FilterSelect label="Risk tier" value={filters.riskTier} onChange={change("riskTier")}>
          <option value="">Any tier</option>
          {TIER_OPTIONS.map((s) => (
            <option key={s} value={s}>{LABELS[s]}</option>
          ))}
        </FilterSelect>
      </div>
      {hasAnyFilter(filters) && (
        <Button variant="ghost" className="-ml-2" onClick={() => apply({})}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
