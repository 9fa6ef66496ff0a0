"use client";
// An agent's live credentials, and revoking one, one task's, or all of them.
// The list lives under the agent's detail key, so anything that invalidates the
// agent (suspend, decommission, a new owner) refreshes it too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { LiveCredentials } from "./types";

export type RevokeTarget = { kind: "credential"; id: string } | { kind: "task"; id: string } | { kind: "all" };

export function useLiveCredentials(agentId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.agents.credentials(agentId),
    queryFn: ({ signal }) => apiFetch<LiveCredentials>(`/api/v1/agents/${encodeURIComponent(agentId)}/credentials`, { signal }),
    enabled,
  });
}

function revokePath(agentId: string, target: RevokeTarget): string {
  if (target.kind === "credential") return `/api/v1/credentials/${encodeURIComponent(target.id)}/revoke`;
  if (target.kind === "task") return `/api/v1/tasks/${encodeURIComponent(target.id)}/revoke`;
  return `/api/v1/agents/${encodeURIComponent(agentId)}/revoke-all`;
}

export function useRevoke(agentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ target, reason }: { target: RevokeTarget; reason: string }) =>
      apiFetch<{ revoked: number }>(revokePath(agentId, target), { method: "POST", body: { reason } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.agents.detail(agentId) }),
  });
}
