"use client";
// Reading step-up requests: one status's paged list, the merged history of
// several statuses, one request, and the navigation badges' counts. Pending
// things refresh on a short interval, so a new request shows up in seconds.
import { useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { LIVE_REFRESH_MS, STEP_UP_PAGE_SIZE } from "./approval-tabs";
import { queryKeys } from "./query-keys";
import type { Inbox, StepUpDetail, StepUpPage, StepUpStatus, StepUpSummary } from "./step-up-types";

/** History changes rarely and is not urgent; pending requests are. */
const HISTORY_REFRESH_MS = 15_000;

export function useStepUpList(status: StepUpStatus, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.stepUps.list(status),
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ status, limit: String(STEP_UP_PAGE_SIZE) });
      if (pageParam) qs.set("cursor", pageParam);
      return apiFetch<StepUpPage>(`/api/v1/step-ups?${qs}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: status === "PENDING" ? LIVE_REFRESH_MS : HISTORY_REFRESH_MS,
    enabled,
  });
}

/** Same order as the API: newest first, id as the tie-breaker. */
function newestFirst(a: StepUpSummary, b: StepUpSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

type Stream = ReturnType<typeof useStepUpList>;

function lastLoaded(data: InfiniteData<StepUpPage> | undefined): StepUpSummary | undefined {
  const pages = data?.pages ?? [];
  const items = pages[pages.length - 1]?.items ?? [];
  return items[items.length - 1];
}

/**
 * Several statuses as one newest-first list. The API filters by one status at
 * a time, so each status is its own paged stream, merged here. A stream with
 * pages still unloaded may hold items older than its last loaded one but newer
 * than another stream's, so only items down to the newest such boundary are
 * shown; "Load more" loads the stream that sets the boundary.
 */
export function useMergedStepUps(statuses: readonly StepUpStatus[]) {
  // A fixed list per tab: the hooks below run in the same order on every render.
  const s0 = useStepUpList(statuses[0] ?? "APPROVED", statuses.length > 0);
  const s1 = useStepUpList(statuses[1] ?? "DENIED", statuses.length > 1);
  const s2 = useStepUpList(statuses[2] ?? "REDEEMED", statuses.length > 2);
  const s3 = useStepUpList(statuses[3] ?? "CANCELLED", statuses.length > 3);
  const streams: Stream[] = [s0, s1, s2, s3].slice(0, statuses.length);

  const all = streams.flatMap((s) => s.data?.pages.flatMap((p) => p.items) ?? []).sort(newestFirst);
  let boundary: { item: StepUpSummary; stream: Stream } | null = null;
  for (const stream of streams) {
    const last = stream.hasNextPage ? lastLoaded(stream.data) : undefined;
    if (last && (!boundary || newestFirst(last, boundary.item) < 0)) boundary = { item: last, stream };
  }
  const items = boundary ? all.filter((i) => newestFirst(i, boundary.item) <= 0) : all;
  return {
    items,
    isPending: streams.some((s) => s.isPending),
    error: streams.find((s) => s.error)?.error ?? null,
    hasMore: boundary !== null,
    isLoadingMore: streams.some((s) => s.isFetchingNextPage),
    loadMore: () => void boundary?.stream.fetchNextPage(),
  };
}

/** While a request can still change (votes, redemption), it is watched. */
function isSettled(s: StepUpDetail | undefined): boolean {
  if (!s) return false;
  if (s.status === "PENDING" || s.status === "APPROVED") return false;
  // A redeemed credential can still be revoked or expire; that is shown too.
  if (s.status === "REDEEMED") return !!s.context.credential && (!!s.context.credential.revokedAt || new Date(s.context.credential.expiresAt) <= new Date());
  return true;
}

export function useStepUp(id: string) {
  return useQuery({
    queryKey: queryKeys.stepUps.detail(id),
    queryFn: ({ signal }) => apiFetch<StepUpDetail>(`/api/v1/step-ups/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => (isSettled(query.state.data) ? false : LIVE_REFRESH_MS),
  });
}

/** The counts behind the navigation badges. */
export function useInbox(enabled = true) {
  return useQuery({
    queryKey: queryKeys.inbox,
    queryFn: ({ signal }) => apiFetch<Inbox>("/api/v1/me/inbox", { signal }),
    refetchInterval: LIVE_REFRESH_MS,
    // A badge in a tab left in the background is still worth keeping current.
    refetchIntervalInBackground: true,
    enabled,
  });
}
