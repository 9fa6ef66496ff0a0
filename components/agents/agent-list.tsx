"use client";
// The agents list: filters from the URL, the first page from the server, more
// pages on demand (keyset cursor), and the viewer's pending acknowledgements.
import { hasAnyFilter, type AgentFilters } from "@/lib/client/agent-filters";
import { errorMessage } from "@/lib/client/api";
import { useAgentList } from "@/lib/client/use-agents";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AgentFiltersBar, type OwnerOption } from "./agent-filters-bar";
import { AgentTable } from "./agent-table";
import { PendingAcknowledgements } from "./pending-acknowledgements";

export function AgentList({ filters, environments, owners }: { filters: AgentFilters; environments: string[]; owners: OwnerOption[] }) {
  const list = useAgentList(filters);
  const agents = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PendingAcknowledgements />
      <AgentFiltersBar filters={filters} environments={environments} owners={owners} />
      {list.isError && <Alert tone="error">{errorMessage(list.error)}</Alert>}
      {list.isPending && <p className="py-8 text-center text-sm text-zinc-500">Loading agents…</p>}
      {list.isSuccess && agents.length === 0 && (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-10 text-center text-sm text-zinc-600">
          {hasAnyFilter(filters) ? "No agents match these filters." : "No agents are registered yet."}
        </div>
      )}
      {agents.length > 0 && <AgentTable agents={agents} />}
      {list.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </>
  );
}
