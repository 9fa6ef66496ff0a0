"use client";
// Suspend, reactivate or decommission: each needs a reason for the record.
// Decommissioning is final, so it also needs an explicit confirmation.
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { useChangeAgentStatus, type LifecycleAction } from "@/lib/client/use-agent-mutations";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, INPUT_CLASS } from "@/components/ui/field";

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
  const [reason, setReason] = useState("");
  const [understood, setUnderstood] = useState(false);
  const [tooShort, setTooShort] = useState(false);
  const copy = action ? COPY[action] : COPY.suspend;

  const close = () => {
    setReason("");
    setUnderstood(false);
    setTooShort(false);
    mutation.reset();
    onClose();
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!action) return;
    if (reason.trim().length < 3) {
      setTooShort(true);
      return;
    }
    try {
      await mutation.mutateAsync({ action, reason: reason.trim() });
      close();
    } catch {
      // Shown below from mutation.error.
    }
  }

  return (
    <Dialog open={action !== null} onClose={close} title={`${copy.title}: ${agentName}`} description={copy.description}>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Reason" hint="Recorded in the audit trail. 3 to 500 characters." error={tooShort ? "Give a reason of at least 3 characters" : null}>
          {(p) => <textarea {...p} rows={3} maxLength={500} className={INPUT_CLASS} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {action === "decommission" && (
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input type="checkbox" className="mt-0.5 size-4" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
            I understand that decommissioning is final.
          </label>
        )}
        {mutation.isError && <Alert tone="error">{errorMessage(mutation.error)}</Alert>}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button
            type="submit"
            variant={action === "reactivate" ? "primary" : "danger"}
            disabled={mutation.isPending || (action === "decommission" && !understood)}
          >
            {mutation.isPending ? "Working…" : copy.confirm}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
