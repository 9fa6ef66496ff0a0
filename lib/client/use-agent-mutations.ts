"use client";
// Changing agents. Every change invalidates the agent lists and the agent's
// own page, because status, owner and ownership all show in both.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { AgentView } from "./types";

export type AgentPayload = {
  name: string;
  description: string;
  environment: string;
  riskTier: "LOW" | "HIGH" | "CRITICAL";
  ceiling: { audiences: string[]; actions: string[]; maxTtlSeconds: number };
  jwks: string;
  requireDpop: boolean;
  spiffeId?: string | null;
  federatedSubjects?: { trustConfigurationId: string; subject: string; requiredClaims: Record<string, string> }[];
  ownerId?: string;
  backupOwnerId?: string;
};

export type LifecycleAction = "suspend" | "reactivate" | "decommission";

function useInvalidateAgents() {
  const qc = useQueryClient();
  return (id?: string) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.agents.lists() }),
      qc.invalidateQueries({ queryKey: [...queryKeys.agents.all, "pending-acknowledgement"] }),
      id ? qc.invalidateQueries({ queryKey: queryKeys.agents.detail(id) }) : Promise.resolve(),
    ]);
}

export function useRegisterAgent() {
  const invalidate = useInvalidateAgents();
  return useMutation({
    mutationFn: (payload: AgentPayload) => apiFetch<AgentView>("/api/v1/agents", { method: "POST", body: payload }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateAgent(id: string) {
  const invalidate = useInvalidateAgents();
  return useMutation({
    mutationFn: (payload: Omit<AgentPayload, "ownerId" | "backupOwnerId">) =>
      apiFetch<AgentView>(`/api/v1/agents/${encodeURIComponent(id)}`, { method: "PATCH", body: payload }),
    onSuccess: () => invalidate(id),
  });
}

export function useAssignOwner(id: string) {
  const invalidate = useInvalidateAgents();
  return useMutation({
    mutationFn: (input: { ownerId: string; backupOwnerId: string | null }) =>
      apiFetch<AgentView>(`/api/v1/agents/${encodeURIComponent(id)}/owner`, { method: "POST", body: input }),
    onSuccess: () => invalidate(id),
  });
}

export function useAcknowledgeOwnership(id: string) {
  const invalidate = useInvalidateAgents();
  return useMutation({
    mutationFn: () => apiFetch<AgentView>(`/api/v1/agents/${encodeURIComponent(id)}/owner/acknowledge`, { method: "POST" }),
    onSuccess: () => invalidate(id),
  });
}

export function useChangeAgentStatus(id: string) {
  const invalidate = useInvalidateAgents();
  return useMutation({
    mutationFn: ({ action, reason }: { action: LifecycleAction; reason: string }) =>
      apiFetch<AgentView>(`/api/v1/agents/${encodeURIComponent(id)}/${action}`, { method: "POST", body: { reason } }),
    onSuccess: () => invalidate(id),
  });
}
