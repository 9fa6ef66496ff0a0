"use client";
// Signal providers (ADMIN, SECURITY_LEAD): the registered list and
// registering one (a name and the public JWKS its signals are signed with).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { listSignalProviders } from "@/lib/services/signals/signal-providers";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { Jsonified } from "./types";

export type SignalProviderView = Jsonified<Awaited<ReturnType<typeof listSignalProviders>>[number]>;

export function useSignalProviders() {
  return useQuery({
    queryKey: queryKeys.signalProviders.list(),
    queryFn: ({ signal }) => apiFetch<{ items: SignalProviderView[] }>("/api/v1/signal-providers", { signal }).then((r) => r.items),
  });
}

export function useRegisterSignalProvider() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; jwks: unknown }) => apiFetch<SignalProviderView>("/api/v1/signal-providers", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.signalProviders.list() }),
  });
}
