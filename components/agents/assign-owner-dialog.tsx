"use client";
// Names a new owner (who must acknowledge) and an optional backup. Keeping the
// same owner and changing only the backup keeps their acknowledgement.
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useAssignOwner } from "@/lib/client/use-agent-mutations";
import { useEligibleOwners } from "@/lib/client/use-people";
import type { AgentView } from "@/lib/client/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, INPUT_CLASS } from "@/components/ui/field";

type OwnerField = "ownerId" | "backupOwnerId";

export function AssignOwnerDialog({ agent, open, onClose }: { agent: AgentView; open: boolean; onClose: () => void }) {
  const people = useEligibleOwners(open);
  const mutation = useAssignOwner(agent.id);
  const currentOwner = agent.owner?.active ? agent.owner.id : "";
  const [ownerId, setOwnerId] = useState(currentOwner);
  const [backupOwnerId, setBackupOwnerId] = useState(agent.backupOwner?.active ? agent.backupOwner.id : "");
  const [localError, setLocalError] = useState<string | null>(null);
  const errors = splitErrors<OwnerField>(mutation.error, (p) => (p === "ownerId" || p === "backupOwnerId" ? p : null));

  const close = () => {
    mutation.reset();
    setLocalError(null);
    onClose();
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!ownerId) return setLocalError("Choose an owner");
    if (backupOwnerId && backupOwnerId === ownerId) return setLocalError("The backup owner must be a different person");
    setLocalError(null);
    try {
      await mutation.mutateAsync({ ownerId, backupOwnerId: backupOwnerId || null });
      close();
    } catch {
      // Shown below from mutation.error.
    }
  }

  const options = (people.data ?? []).map((p) => (
    <option key={p.id} value={p.id}>
      {p.name} ({p.email})
    </option>
  ));
  return (
    <Dialog
      open={open}
      onClose={close}
      title={`Assign owner: ${agent.name}`}
      description="The owner is accountable for this agent. A new owner must acknowledge before the agent counts as owned again."
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Owner" error={errors.fields.ownerId}>
          {(p) => (
            <select {...p} className={INPUT_CLASS} value={ownerId} disabled={people.isPending} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">Choose a person…</option>
              {options}
            </select>
          )}
        </Field>
        <Field label="Backup owner" optional error={errors.fields.backupOwnerId}>
          {(p) => (
            <select {...p} className={INPUT_CLASS} value={backupOwnerId} disabled={people.isPending} onChange={(e) => setBackupOwnerId(e.target.value)}>
              <option value="">No backup owner</option>
              {options}
            </select>
          )}
        </Field>
        {(localError || errors.form) && <Alert tone="error">{localError ?? errors.form}</Alert>}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : "Assign owner"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
