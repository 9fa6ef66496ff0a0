"use client";
// An admin's changes to one person: role, and deactivate / reactivate. Both
// end the person's sessions, and deactivation leaves their agents unowned, so
// deactivating and reactivating ask first.
import { useState } from "react";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { useUpdatePerson } from "@/lib/client/use-people";
import type { PersonView } from "@/lib/client/types";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { INPUT_CLASS } from "@/components/ui/field";

export function RoleSelect({ person }: { person: PersonView }) {
  const update = useUpdatePerson();
  return (
    <div className="space-y-1">
      <select
        aria-label={`Role of ${person.name}`}
        className={`${INPUT_CLASS} min-w-36`}
        value={person.role}
        disabled={update.isPending || !person.active}
        onChange={(e) => update.mutate({ id: person.id, role: e.target.value as Role })}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>{ROLE_LABELS[r]}</option>
        ))}
      </select>
      {update.isError && (
        <p role="alert" className="max-w-56 text-xs text-red-700">
          {errorMessage(update.error)}
        </p>
      )}
      {update.isSuccess && (
        <p role="status" className="text-xs text-emerald-700">
          Role changed; their sessions were ended.
        </p>
      )}
    </div>
  );
}

export function ActiveToggle({ person, isSelf }: { person: PersonView; isSelf: boolean }) {
  const update = useUpdatePerson();
  const [open, setOpen] = useState(false);
  const deactivating = person.active;
  if (deactivating && isSelf) return <span className="text-xs text-zinc-500">This is you</span>;
  const close = () => {
    update.reset();
    setOpen(false);
  };
  return (
    <>
      <Button variant={deactivating ? "secondary" : "ghost"} onClick={() => setOpen(true)} aria-label={`${deactivating ? "Deactivate" : "Reactivate"} ${person.name}`}>
        {deactivating ? "Deactivate" : "Reactivate"}
      </Button>
      <ConfirmDialog
        open={open}
        title={deactivating ? `Deactivate ${person.name}?` : `Reactivate ${person.name}?`}
        description={
          deactivating
            ? "They are signed out at once and their API tokens stop working. Their agents become unowned — and are denied — until someone else is assigned as owner."
            : "They can sign in again, and agents still assigned to them count as owned by them again."
        }
        confirmLabel={deactivating ? "Deactivate" : "Reactivate"}
        danger={deactivating}
        pending={update.isPending}
        error={update.isError ? errorMessage(update.error) : null}
        onClose={close}
        onConfirm={() => update.mutate({ id: person.id, active: !person.active }, { onSuccess: () => setOpen(false) })}
      />
    </>
  );
}
