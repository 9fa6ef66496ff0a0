"use client";
// The viewer's personal access tokens.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { AccessToken, CreatedAccessToken } from "./types";

export function useAccessTokens() {
  return useQuery({
    queryKey: queryKeys.tokens.list(),
    queryFn: ({ signal }) => apiFetch<{ items: AccessToken[] }>("/api/v1/tokens", { signal }).then((r) => r.items),
  });
}

export function useCreateAccessToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number }) => apiFetch<CreatedAccessToken>("/api/v1/tokens", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}

export function useRevokeAccessToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string }>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}
