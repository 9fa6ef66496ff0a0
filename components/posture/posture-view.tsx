"use client";
// The posture page: summary and trend, URL filters, the findings with a
// selection, and bulk actions on the selected agents (for those who may act).
import Link from "next/link";
import { useMemo, useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { accessReviewHref, type PostureFilters } from "@/lib/client/posture-filters";
import { usePostureFindings } from "@/lib/client/use-posture";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { PostureSummary } from "./posture-summary";
import { PostureFiltersBar, type PostureFilterOptions } from "./posture-filters-bar";
import { FindingsTable } from "./findings-table";
import { BulkActionDialog, type BulkAction } from "./bulk-action-dialog";

export function PostureView({ filters, options, canAct }: { filters: PostureFilters; options: PostureFilterOptions; canAct: boolean }) {
  const list = usePostureFindings(filters);
  const findings = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<BulkAction | null>(null);
  const agents = useMemo(() => {
    const byId = new Map(findings.map((f) => [f.agent.id, f.agent.name]));
    return [...selected].filter((id) => byId.has(id)).map((id) => ({ id, name: byId.get(id)! }));
  }, [findings, selected]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = (on: boolean) => setSelected(on ? new Set(findings.map((f) => f.agent.id)) : new Set());

  return (
    <>
      <PostureSummary filters={filters} />
      <PostureFiltersBar filters={filters} options={options} />
      {canAct && (
        <div role="toolbar" aria-label="Bulk actions" className="mb-3 flex flex-wrap items-center gap-2">
          <span className="text-sm text-zinc-600">{agents.length === 0 ? "Select agents to act on them." : `${agents.length} agent${agents.length === 1 ? "" : "s"} selected`}</span>
          <Button disabled={agents.length === 0} onClick={() => setAction("assign_owner")}>Assign owner</Button>
          <Button disabled={agents.length === 0} onClick={() => setAction("suspend")}>Suspend</Button>
          <Button disabled={agents.length === 0} onClick={() => setAction("narrow_ceiling")}>Narrow ceiling</Button>
          {agents.length > 0 ? (
            <Link href={accessReviewHref(agents.map((a) => a.id))} className={buttonClass("secondary")}>Open access review</Link>
          ) : (
            <Button disabled>Open access review</Button>
          )}
        </div>
      )}
      {list.isError && <Alert tone="error">{errorMessage(list.error)}</Alert>}
      {list.isPending && <p className="py-8 text-center text-sm text-zinc-500">Loading findings…</p>}
      {list.isSuccess && findings.length === 0 && (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-10 text-center text-sm text-zinc-600">No findings match these filters.</div>
      )}
      {findings.length > 0 && <FindingsTable findings={findings} selectable={canAct} selected={selected} onToggle={toggle} onToggleAll={toggleAll} />}
      {list.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>{list.isFetchingNextPage ? "Loading…" : "Load more"}</Button>
        </div>
      )}
      <BulkActionDialog action={action} agents={agents} onClose={() => setAction(null)} onDone={() => setSelected(new Set())} />
    </>
  );
}
