"use client";
// Reading agents: the filtered, paged list, one agent, and the agents waiting
// for the viewer's acknowledgement.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { AGENT_PAGE_SIZE, agentFiltersToSearch, awaitingAcknowledgementBy, pendingAcknowledgementQuery, type AgentFilters } from "./agent-filters";
import { queryKeys } from "./query-keys";
import type { AgentDetail, AgentPage } from "./types";

export function useAgentList(filters: AgentFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.agents.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<AgentPage>(`/api/v1/agents?${agentFiltersToSearch(filters, { cursor: pageParam ?? undefined, limit: AGENT_PAGE_SIZE })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAgent(id: string) {
  return useQuery({
    queryKey: queryKeys.agents.detail(id),
    queryFn: ({ signal }) => apiFetch<AgentDetail>(`/api/v1/agents/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Agents naming this person as owner (not merely backup) that they have not acknowledged yet. */
export function usePendingAcknowledgements(personId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.agents.pendingFor(personId),
    queryFn: ({ signal }) => fetchPendingAcknowledgements(personId, signal),
    enabled,
  });
}

async function fetchPendingAcknowledgements(personId: string, signal?: AbortSignal) {
  const { filters, limit } = pendingAcknowledgementQuery(personId);
  const page = await apiFetch<AgentPage>(`/api/v1/agents?${agentFiltersToSearch(filters, { limit })}`, { signal });
  return awaitingAcknowledgementBy(page.items, personId);
}
