"use client";
// Reading the audit log: the filtered, paged list, one event, the charts.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { LOG_PAGE_SIZE, logSearch, statsFilters, type LogFilterValues } from "./log-filters";
import { queryKeys } from "./query-keys";
import type { AuditEventDetail, LogPage, LogStats } from "./types";

export function useAuditLog(filters: LogFilterValues) {
  return useInfiniteQuery({
    queryKey: queryKeys.auditLog.list(filters),
    queryFn: ({ pageParam, signal }) => apiFetch<LogPage>(`/api/v1/audit/events?${logSearch(filters, { cursor: pageParam, limit: LOG_PAGE_SIZE })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAuditEvent(seq: number | null) {
  return useQuery({
    queryKey: queryKeys.auditLog.event(seq ?? 0),
    queryFn: ({ signal }) => apiFetch<AuditEventDetail>(`/api/v1/audit/events/${seq}`, { signal }),
    enabled: seq !== null,
  });
}

export function useLogStats(filters: LogFilterValues) {
  const f = statsFilters(filters);
  return useQuery({
    queryKey: queryKeys.auditLog.stats(f),
    queryFn: ({ signal }) => apiFetch<LogStats>(`/api/v1/audit/stats?${logSearch(f)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}
