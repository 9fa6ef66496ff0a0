"use client";
// People: the list (for selects and the people page) and the admin's changes.
// A person's change can change agents' ownership state, so agents refresh too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/permissions";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { PersonView } from "./types";

export function usePeople(filter: { active?: boolean } = {}, enabled = true) {
  return useQuery({
    queryKey: queryKeys.people.list(filter),
    queryFn: ({ signal }) => {
      const qs = filter.active === undefined ? "" : `?active=${filter.active}`;
      return apiFetch<{ items: PersonView[] }>(`/api/v1/users${qs}`, { signal }).then((r) => r.items);
    },
    enabled,
  });
}

/** People who can be named accountable for an agent: active, and not auditors. */
export function useEligibleOwners(enabled: boolean) {
  const query = usePeople({ active: true }, enabled);
  return { ...query, data: query.data?.filter((p) => p.role !== "AUDITOR") };
}

function useInvalidatePeople() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.people.all }), qc.invalidateQueries({ queryKey: queryKeys.agents.all })]);
}

export function useCreatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (input: { email: string; name: string; role: Role; password?: string }) =>
      apiFetch<PersonView>("/api/v1/users", { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdatePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; role?: Role; active?: boolean; name?: string }) =>
      apiFetch<PersonView>(`/api/v1/users/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => invalidate(),
  });
}
