"use client";
// Access reviews in the browser: campaigns and their progress (polled, so a
// lead watches owners work through them), one campaign, the viewer's own
// tasks, and the two changes — opening a campaign and deciding a task.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { getAccessReview, listAccessReviews, listMyReviewTasks } from "@/lib/services/access-reviews/read-access-reviews";
import type { decideReviewTask } from "@/lib/services/access-reviews/decide-review-task";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { Jsonified } from "./types";

export type CampaignView = Jsonified<Awaited<ReturnType<typeof listAccessReviews>>["items"][number]>;
export type CampaignDetail = Jsonified<Awaited<ReturnType<typeof getAccessReview>>>;
export type CampaignTask = CampaignDetail["tasks"][number];
export type MyReviewTask = Jsonified<Awaited<ReturnType<typeof listMyReviewTasks>>["items"][number]>;
export type DecidedTask = Jsonified<Awaited<ReturnType<typeof decideReviewTask>>>;
export type Ceiling = MyReviewTask["ceilingAtOpen"];

export type OpenAccessReviewInput = {
  name: string;
  scope: { kind: "ALL" } | { kind: "TIER"; tier: string } | { kind: "ENVIRONMENT"; environment: string } | { kind: "OWNER"; ownerId: string } | { kind: "AGENTS"; agentIds: string[] };
  dueAt: string;
  onOverdue: "SUSPEND" | "FLAG";
};
export type DecideInput = { decision: "KEEP" | "NARROW" | "DECOMMISSION"; justification: string; ceiling?: Ceiling };

const PROGRESS_REFRESH_MS = 5_000;

export function useAccessReviews() {
  return useQuery({
    queryKey: queryKeys.accessReviews.campaigns(),
    queryFn: ({ signal }) => apiFetch<{ items: CampaignView[] }>("/api/v1/access-reviews", { signal }).then((r) => r.items),
    refetchInterval: PROGRESS_REFRESH_MS,
  });
}

export function useAccessReview(id: string) {
  return useQuery({
    queryKey: queryKeys.accessReviews.campaign(id),
    queryFn: ({ signal }) => apiFetch<CampaignDetail>(`/api/v1/access-reviews/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (q.state.data?.status === "CLOSED" ? false : PROGRESS_REFRESH_MS),
  });
}

export function useMyReviewTasks(state: "open" | "decided") {
  return useQuery({
    queryKey: queryKeys.accessReviews.myTasks(state),
    queryFn: ({ signal }) => apiFetch<{ items: MyReviewTask[] }>(`/api/v1/access-reviews/tasks?state=${state}`, { signal }).then((r) => r.items),
    refetchInterval: state === "open" ? PROGRESS_REFRESH_MS * 2 : false,
  });
}

export function useOpenAccessReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: OpenAccessReviewInput) => apiFetch<CampaignView>("/api/v1/access-reviews", { method: "POST", body: input }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.accessReviews.all }), qc.invalidateQueries({ queryKey: queryKeys.inbox })]),
  });
}

export function useDecideReviewTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, input }: { taskId: string; input: DecideInput }) =>
      apiFetch<DecidedTask>(`/api/v1/access-reviews/tasks/${encodeURIComponent(taskId)}/decide`, { method: "POST", body: input }),
    // A decision changes the task lists, the campaign's progress, the badge and (narrow, decommission) the agent.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.accessReviews.all }),
        qc.invalidateQueries({ queryKey: queryKeys.inbox }),
        qc.invalidateQueries({ queryKey: queryKeys.agents.all }),
      ]),
  });
}
