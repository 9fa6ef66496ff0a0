"use client";
// Trusted workload issuers (workload identity federation): the list, adding
// one and removing one. Agents' federated subjects name them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TrustView as ServerTrustView } from "@/lib/services/trust/trust-configurations";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { Jsonified } from "./types";

export type TrustView = Jsonified<ServerTrustView>;

export type TrustPayload = {
  name: string;
  kind: "OIDC" | "STATIC_JWKS" | "SPIFFE";
  issuer: string;
  jwks?: string;
  audiences: string[];
  clockSkewSeconds: number;
  instanceClaim?: string | null;
};

export function useTrustConfigurations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.trust.list(),
    queryFn: ({ signal }) => apiFetch<{ items: TrustView[] }>("/api/v1/trust", { signal }).then((r) => r.items),
    enabled,
  });
}

export function useCreateTrust() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TrustPayload) => apiFetch<TrustView>("/api/v1/trust", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.trust.all }),
  });
}

export function useDeleteTrust() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string; deleted: true }>(`/api/v1/trust/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.trust.all }),
  });
}
