"use client";
// Four-eyes activation, as the second person sees it. The server enforces
// every rule; this panel explains which one is not met yet.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import type { PolicyDraft } from "@/lib/client/policy-types";
import type { useActivatePolicyDraft } from "@/lib/client/use-policies";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/page-header";

export function ActivationPanel({ draft, isAuthor, activeVersion, activate }: { draft: PolicyDraft; isAuthor: boolean; activeVersion: number | null; activate: ReturnType<typeof useActivatePolicyDraft> }) {
  const sim = draft.mySimulation;
  if (activate.isSuccess) {
    const r = activate.data;
    return (
      <Panel title="Activation">
        <Alert tone="success" title={`Version ${r.version} is active.`}>
          {r.revoked} live credential{r.revoked === 1 ? " was" : "s were"} revoked because the new version denies {r.revoked === 1 ? "it" : "them"}.
          {r.keptNeedingStepUp > 0 && ` ${r.keptNeedingStepUp} that it would send to step-up stay valid until they expire.`}{" "}
          <Link href={`/policies/versions/${r.version}`} className="font-medium underline">See version {r.version}</Link>
        </Alert>
      </Panel>
    );
  }
  let blocker: string | null = null;
  if (isAuthor) blocker = "You wrote this draft, so someone else must activate it (four eyes).";
  else if (draft.status !== "PROPOSED") blocker = "The author has not proposed this draft yet (or edited it since).";
  else if (draft.baseVersion !== activeVersion) blocker = `The draft was started from version ${draft.baseVersion}, but version ${activeVersion} is active now: activating it would undo version ${activeVersion}'s changes. Start a new draft from version ${activeVersion} and carry this change over.`;
  else if (!sim) blocker = "Run the simulation above and review it before activating.";
  else if (sim.draftRevision !== draft.revision) blocker = `Your simulation is of revision ${sim.draftRevision}; the draft is at revision ${draft.revision}. Run it again.`;
  else if (sim.activeVersion !== activeVersion) blocker = `Your simulation compared with version ${sim.activeVersion}, but version ${activeVersion} is active now. Run it again.`;
  else if (sim.result.tests.failed.length > 0) blocker = "Some of the draft's test cases fail, so it cannot be activated.";
  return (
    <Panel title="Activation">
      {blocker ? (
        <p className="text-sm text-zinc-700">{blocker}</p>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-zinc-700">
            Activating makes this draft version {(activeVersion ?? 0) + 1}. Every live credential is decided again: {sim!.result.live.wouldRevoke} would be revoked now.
          </p>
          {activate.error && <Alert tone="error">{errorMessage(activate.error)}</Alert>}
          <Button variant="danger" disabled={activate.isPending} onClick={() => activate.mutate(sim!.id)}>
            {activate.isPending ? "Activating…" : `Activate as version ${(activeVersion ?? 0) + 1}`}
          </Button>
        </div>
      )}
    </Panel>
  );
}
