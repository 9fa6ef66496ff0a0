"use client";
// Policy drafts in the browser: the draft, saving, proposing, checking as one
// types, formatting, simulating, what-if and activation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DecisionRequest } from "@/lib/domain/policy/types";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { ActivationResult, PolicyCheck, PolicyDraft, PolicySimulation, WhatIfAnswer } from "./policy-types";

const draftPath = (id: string, action = "") => `/api/v1/policies/drafts/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;

export function usePolicyDraft(id: string) {
  return useQuery({ queryKey: queryKeys.policies.draft(id), queryFn: ({ signal }) => apiFetch<PolicyDraft>(draftPath(id), { signal }) });
}

export function useCreatePolicyDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string }) => apiFetch<PolicyDraft>("/api/v1/policies/drafts", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.policies.all }),
  });
}

/** Saving, proposing and discarding all answer the draft: the cache takes it as it is. */
function useDraftMutation<V>(id: string, request: (v: V) => Promise<PolicyDraft>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (draft) => {
      qc.setQueryData<PolicyDraft>(queryKeys.policies.draft(id), (old) => ({ ...draft, mySimulation: old?.mySimulation ?? null }));
      void qc.invalidateQueries({ queryKey: queryKeys.policies.overview() });
    },
  });
}

export function useSavePolicyDraft(id: string) {
  return useDraftMutation(id, (input: { revision: number; title?: string; text?: string; tests?: PolicyTestCase[] }) => apiFetch<PolicyDraft>(draftPath(id), { method: "PATCH", body: input }));
}

export function useProposePolicyDraft(id: string) {
  return useDraftMutation(id, () => apiFetch<PolicyDraft>(draftPath(id, "propose"), { method: "POST" }));
}

export function useDiscardPolicyDraft(id: string) {
  return useDraftMutation(id, () => apiFetch<PolicyDraft>(draftPath(id, "discard"), { method: "POST" }));
}

export function useSimulatePolicyDraft(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (limit: number) => apiFetch<PolicySimulation>(draftPath(id, "simulate"), { method: "POST", body: { limit } }),
    onSuccess: (simulation) => qc.setQueryData<PolicyDraft>(queryKeys.policies.draft(id), (old) => (old ? { ...old, mySimulation: simulation } : old)),
  });
}

export function useActivatePolicyDraft(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (simulationId: string) => apiFetch<ActivationResult>(draftPath(id, "activate"), { method: "POST", body: { simulationId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.policies.all }),
  });
}

export function useWhatIf(id: string) {
  return useMutation({ mutationFn: (request: DecisionRequest) => apiFetch<WhatIfAnswer>(draftPath(id, "what-if"), { method: "POST", body: { request } }) });
}

export function useFormatPolicy() {
  return useMutation({ mutationFn: (text: string) => apiFetch<{ text: string }>("/api/v1/policies/format", { method: "POST", body: { text } }) });
}

/** The check of what is in the editor now; debounced by the caller through `input`. */
export function usePolicyCheck(input: { text: string; tests?: PolicyTestCase[] } | null) {
  return useQuery({
    queryKey: queryKeys.policies.check(input),
    queryFn: ({ signal }) => apiFetch<PolicyCheck>("/api/v1/policies/check", { method: "POST", body: input, signal }),
    enabled: input !== null && input.text.length > 0,
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    retry: false,
  });
}
