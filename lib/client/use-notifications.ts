"use client";
// The viewer's in-app notifications. Reading one changes the unread badge.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { NotificationView } from "./step-up-types";

const REFRESH_MS = 10_000;

export function useNotifications() {
  return useQuery({
    queryKey: queryKeys.notifications.list(),
    queryFn: ({ signal }) => apiFetch<{ items: NotificationView[] }>("/api/v1/notifications", { signal }).then((r) => r.items),
    refetchInterval: REFRESH_MS,
  });
}

function useInvalidateNotifications() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.notifications.all }), qc.invalidateQueries({ queryKey: queryKeys.inbox })]);
}

export function useMarkNotificationRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ read: number }>(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: "POST" }),
    onSuccess: () => invalidate(),
  });
}

export function useMarkAllNotificationsRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: () => apiFetch<{ read: number }>("/api/v1/notifications/read-all", { method: "POST" }),
    onSuccess: () => invalidate(),
  });
}

/** Where a notification's subject (`step_up:<id>`, `agent:<id>`, `access_review:<id>`) lives in the app. */
export function subjectLink(subject: string | null): { href: string; label: string } | null {
  if (!subject) return null;
  const [kind, id] = subject.split(":", 2);
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  if (kind === "step_up") return { href: `/approvals/${id}`, label: "Open request" };
  if (kind === "agent") return { href: `/agents/${id}`, label: "Open agent" };
  if (kind === "access_review") return { href: "/reviews", label: "Open my reviews" };
  return null;
}
