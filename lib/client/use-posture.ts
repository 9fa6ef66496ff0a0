"use client";
// Reading posture findings (paged), the summary with its trend, and the bulk
// action. An action changes agents too, so it invalidates both.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { getPostureSummary } from "@/lib/services/posture/get-posture-summary";
import type { FindingView } from "@/lib/services/posture/list-posture-findings";
import type { AgentActionResult } from "@/lib/services/posture/act-on-findings";
import { apiFetch } from "./api";
import { POSTURE_PAGE_SIZE, POSTURE_TREND_DAYS, postureFiltersToSearch, type PostureFilters } from "./posture-filters";
import { queryKeys } from "./query-keys";
import type { Jsonified } from "./types";

export type PostureFinding = Jsonified<FindingView>;
export type PosturePage = { items: PostureFinding[]; nextCursor: string | null };
export type PostureSummary = Jsonified<Awaited<ReturnType<typeof getPostureSummary>>>;
export type PostureActionBody =
  | { action: "assign_owner"; agentIds: string[]; ownerId: string; reason?: string }
  | { action: "suspend"; agentIds: string[]; reason: string }
  | { action: "narrow_ceiling"; agentIds: string[]; reason?: string };
export type PostureActionAnswer = { action: string; succeeded: number; failed: number; results: AgentActionResult[] };

export function usePostureFindings(filters: PostureFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.posture.findings(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PosturePage>(`/api/v1/posture/findings?${postureFiltersToSearch(filters, { cursor: pageParam ?? undefined, limit: POSTURE_PAGE_SIZE })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function usePostureSummary() {
  return useQuery({
    queryKey: queryKeys.posture.summary(POSTURE_TREND_DAYS),
    queryFn: ({ signal }) => apiFetch<PostureSummary>(`/api/v1/posture/summary?days=${POSTURE_TREND_DAYS}`, { signal }),
  });
}

export function usePostureAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PostureActionBody) => apiFetch<PostureActionAnswer>("/api/v1/posture/actions", { method: "POST", body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.posture.all }), qc.invalidateQueries({ queryKey: queryKeys.agents.all })]),
  });
}
