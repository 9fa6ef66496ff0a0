"use client";
// Suspend, reactivate or decommission: each needs a reason for the record.
// Decommissioning is final, so it also needs an explicit confirmation.
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useChangeAgentStatus, type LifecycleAction } from "@/lib/client/use-agent-mutations";
import { Dialog } from "@/components/ui/dialog";
import { ReasonForm } from "./reason-form";

const COPY: Record<LifecycleAction, { title: string; description: string; confirm: string }> = {
  suspend: {
    title: "Suspend agent",
    description: "A suspended agent is denied every new credential until it is reactivated.",
    confirm: "Suspend agent",
  },
  reactivate: {
    title: "Reactivate agent",
    description: "The agent can request credentials again, within its ceiling and policy.",
    confirm: "Reactivate agent",
  },
  decommission: {
    title: "Decommission agent",
    description:
      "Decommissioning is final: the agent can never request credentials again and cannot be reactivated or changed. Its record and history are kept as evidence.",
    confirm: "Decommission agent",
  },
};

export function ReasonDialog({ agentId, agentName, action, onClose }: { agentId: string; agentName: string; action: LifecycleAction | null; onClose: () => void }) {
  const mutation = useChangeAgentStatus(agentId);
  const [understood, setUnderstood] = useState(false);
  const copy = action ? COPY[action] : COPY.suspend;

  const close = () => {
    setUnderstood(false);
    mutation.reset();
    onClose();
  };

  async function submit(reason: string): Promise<boolean> {
    if (!action) return false;
    try {
      await mutation.mutateAsync({ action, reason });
      close();
      return true;
    } catch {
      return false; // Shown in the form from mutation.error.
    }
  }

  return (
    <Dialog open={action !== null} onClose={close} title={`${copy.title}: ${agentName}`} description={copy.description}>
      <ReasonForm
        key={action ?? "closed"}
        confirm={copy.confirm}
        working="Working…"
        variant={action === "reactivate" ? "primary" : "danger"}
        disabled={action === "decommission" && !understood}
        error={mutation.isError ? errorMessage(mutation.error) : null}
        onSubmit={submit}
        onCancel={close}
      >
        {action === "decommission" && (
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input type="checkbox" className="mt-0.5 size-4" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
            I understand that decommissioning is final.
          </label>
        )}
      </ReasonForm>
    </Dialog>
  );
}
