"use client";
// Posture filters. Every change goes into the URL, so a filtered view can be
// bookmarked and shared; the page renders from the URL.
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { FINDING_KINDS, SEVERITIES } from "@/lib/domain/posture/types";
import { KIND_LABELS, POSTURE_FILTER_KEYS, POSTURE_TIERS, SEVERITY_LABELS, postureFiltersToSearch, type PostureFilters } from "@/lib/client/posture-filters";
import { Button } from "@/components/ui/button";
import { INPUT_CLASS } from "@/components/ui/field";

const TIER_LABELS = { LOW: "Low", HIGH: "High", CRITICAL: "Critical" } as const;

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

export type PostureFilterOptions = { owners: { id: string; name: string; email: string }[]; environments: string[] };

export function PostureFiltersBar({ filters, options }: { filters: PostureFilters; options: PostureFilterOptions }) {
  const router = useRouter();
  const apply = (next: PostureFilters) => {
    const qs = postureFiltersToSearch(next);
    router.push(qs ? `/posture?${qs}` : "/posture", { scroll: false });
  };
  const change = (key: keyof PostureFilters) => (value: string) => apply({ ...filters, [key]: value || undefined });
  const any = POSTURE_FILTER_KEYS.some((k) => filters[k] !== undefined);
  return (
    <div className="mb-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <FilterSelect label="Kind" value={filters.kind} onChange={change("kind")}>
          <option value="">Any kind</option>
          {FINDING_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
        </FilterSelect>
        <FilterSelect label="Severity" value={filters.severity} onChange={change("severity")}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => <option key={s} value={s}>{SEVERITY_LABELS[s]}</option>)}
        </FilterSelect>
        <FilterSelect label="Owner" value={filters.ownerId} onChange={change("ownerId")}>
          <option value="">Any owner</option>
          {options.owners.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </FilterSelect>
        <FilterSelect label="Tier" value={filters.riskTier} onChange={change("riskTier")}>
          <option value="">Any tier</option>
          {POSTURE_TIERS.map((t) => <option key={t} value={t}>{TIER_LABELS[t]}</option>)}
        </FilterSelect>
        <FilterSelect label="Environment" value={filters.environment} onChange={change("environment")}>
          <option value="">Any environment</option>
          {options.environments.map((e) => <option key={e} value={e}>{e}</option>)}
        </FilterSelect>
        <label className="flex items-end gap-2 pb-2 text-sm text-zinc-700">
          <input type="checkbox" className="size-4" checked={filters.resolved === "true"} onChange={(e) => apply({ ...filters, resolved: e.target.checked ? "true" : undefined })} />
          Include resolved
        </label>
      </div>
      {any && (
        <div className="mt-3">
          <Button onClick={() => apply({})}>Clear filters</Button>
        </div>
      )}
    </div>
  );
}
