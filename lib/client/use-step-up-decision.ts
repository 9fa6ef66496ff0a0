"use client";
// Approving or denying one step-up request. The digest the person reviewed
// goes with the vote, so the approval covers exactly that request. A vote
// changes the request, every list it appears in and the badge counts.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { StepUpDetail } from "./step-up-types";

export type Vote = "approve" | "deny";

/**
 * Approving a HIGH or CRITICAL request needs a sign-in from the last ten
 * minutes. That 401 does not mean the session ended, so it must not reach the
 * app-wide "401 → sign in" handler (which would come back without the notice);
 * it becomes this error, and the form sends the person to sign in again.
 */
export class ReauthenticationRequired extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReauthenticationRequired";
  }
}

export function reauthenticationUrl(stepUpId: string): string {
  return `/login?callbackUrl=${encodeURIComponent(`/approvals/${stepUpId}`)}&reauth=1`;
}

export function useDecideStepUp(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ vote, justification, requestDigest }: { vote: Vote; justification: string; requestDigest: string }) => {
      try {
        return await apiFetch<StepUpDetail>(`/api/v1/step-ups/${encodeURIComponent(id)}/${vote}`, { method: "POST", body: { justification, requestDigest } });
      } catch (e) {
        if (e instanceof ApiError && e.code === "reauthentication_required") throw new ReauthenticationRequired(e.message);
        throw e;
      }
    },
    onSuccess: (updated) => {
      qc.setQueryData(queryKeys.stepUps.detail(id), updated);
    },
    // Win or lose (a race, an expiry), show what is on record now.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.stepUps.all }),
        qc.invalidateQueries({ queryKey: queryKeys.inbox }),
      ]),
  });
}
