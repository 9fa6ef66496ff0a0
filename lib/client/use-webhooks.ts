"use client";
// Outgoing webhooks (admins): the list, creating one (the secret comes back
// once), disabling, and one webhook's delivery log, which the background job
// changes every few seconds while deliveries are pending.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { CreatedWebhook, WebhookDelivery, WebhookView } from "./step-up-types";

const DELIVERY_REFRESH_MS = 3_000;

export function useWebhooks() {
  return useQuery({
    queryKey: queryKeys.webhooks.list(),
    queryFn: ({ signal }) => apiFetch<{ items: WebhookView[] }>("/api/v1/webhooks", { signal }).then((r) => r.items),
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; url: string; events: string[] }) => apiFetch<CreatedWebhook>("/api/v1/webhooks", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
  });
}

export function useDisableWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string; active: boolean }>(`/api/v1/webhooks/${encodeURIComponent(id)}/disable`, { method: "POST" }),
    // Disabling drops the webhook's pending deliveries: both views change.
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.webhooks.all }),
  });
}

export function useWebhookDeliveries(id: string) {
  return useQuery({
    queryKey: queryKeys.webhooks.deliveries(id),
    queryFn: ({ signal }) => apiFetch<{ items: WebhookDelivery[] }>(`/api/v1/webhooks/${encodeURIComponent(id)}/deliveries`, { signal }).then((r) => r.items),
    refetchInterval: DELIVERY_REFRESH_MS,
  });
}
