"use client";
// Evidence exports: the list (polled while a bundle is being built) and starting one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EvidenceExportView } from "@/lib/services/evidence/evidence-exports";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type EvidenceExport = EvidenceExportView;

export type StartEvidenceExportInput = {
  from: string;
  to: string;
  agentIds: string[];
  ownerIds: string[];
  redaction: { intents: boolean; identifierPatterns: string[] };
};

const isBuilding = (items: EvidenceExport[] | undefined) => items?.some((e) => e.status === "QUEUED" || e.status === "RUNNING") ?? false;

export function useEvidenceExports() {
  return useQuery({
    queryKey: queryKeys.evidence.exports(),
    queryFn: ({ signal }) => apiFetch<{ items: EvidenceExport[] }>("/api/v1/evidence/exports", { signal }).then((r) => r.items),
    // Progress: poll every second while a bundle is being built, not at all otherwise.
    refetchInterval: (q) => (isBuilding(q.state.data) ? 1000 : false),
  });
}

export function useStartEvidenceExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: StartEvidenceExportInput) => apiFetch<EvidenceExport>("/api/v1/evidence/exports", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.evidence.all }),
  });
}
