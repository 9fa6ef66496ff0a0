"use client";
// Confirms a bulk action on the selected agents: names them, asks for what the
// action needs (a new owner, a reason), and reports per agent what happened.
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { useEligibleOwners } from "@/lib/client/use-people";
import { usePostureAction, type PostureActionAnswer, type PostureActionBody } from "@/lib/client/use-posture";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, INPUT_CLASS } from "@/components/ui/field";

export type BulkAction = PostureActionBody["action"];

const TITLES: Record<BulkAction, string> = {
  assign_owner: "Assign an owner",
  suspend: "Suspend agents",
  narrow_ceiling: "Narrow the ceiling to what was used",
};
const EXPLAIN: Record<BulkAction, string> = {
  assign_owner: "The new owner must acknowledge before the agent counts as owned and may get credentials again. Live credentials end now.",
  suspend: "Suspended agents get no credentials; their live credentials are revoked now.",
  narrow_ceiling: "Each agent's ceiling becomes the audiences and actions it used in the window; live credentials outside it are revoked now.",
};

export function BulkActionDialog({ action, agents, onClose, onDone }: { action: BulkAction | null; agents: { id: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const mutation = usePostureAction();
  const people = useEligibleOwners(action === "assign_owner");
  const [ownerId, setOwnerId] = useState("");
  const [reason, setReason] = useState("");
  const [answer, setAnswer] = useState<PostureActionAnswer | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const close = () => {
    mutation.reset();
    setAnswer(null);
    setLocalError(null);
    setReason("");
    setOwnerId("");
    onClose();
  };
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? id;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!action) return;
    const agentIds = agents.map((a) => a.id);
    const why = reason.trim();
    if (action === "suspend" && why.length < 3) return setLocalError("Give a reason (at least 3 characters)");
    if (action === "assign_owner" && !ownerId) return setLocalError("Choose an owner");
    setLocalError(null);
    const body: PostureActionBody =
      action === "assign_owner" ? { action, agentIds, ownerId, ...(why ? { reason: why } : {}) } : action === "suspend" ? { action, agentIds, reason: why } : { action, agentIds, ...(why ? { reason: why } : {}) };
    try {
      const result = await mutation.mutateAsync(body);
      setAnswer(result);
      if (result.failed === 0) onDone();
    } catch {
      // Shown below.
    }
  }

  return (
    <Dialog open={action !== null} onClose={close} title={action ? TITLES[action] : ""} description={action ? EXPLAIN[action] : undefined}>
      {answer ? (
        <div className="space-y-3">
          <Alert tone={answer.failed === 0 ? "success" : "warning"}>
            {answer.succeeded} done{answer.failed ? `, ${answer.failed} refused` : ""}.
          </Alert>
          {answer.failed > 0 && (
            <ul className="space-y-1 text-sm">
              {answer.results.filter((r) => !r.ok).map((r) => <li key={r.agentId}><strong>{nameOf(r.agentId)}</strong>: {"detail" in r ? r.detail : ""}</li>)}
            </ul>
          )}
          <div className="flex justify-end"><Button onClick={close}>Close</Button></div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <div className="text-sm">
            <p className="font-medium text-zinc-700">{agents.length} agent{agents.length === 1 ? "" : "s"}:</p>
            <p className="text-zinc-600">{agents.map((a) => a.name).join(", ")}</p>
          </div>
          {action === "assign_owner" && (
            <Field label="New owner">
              {(p) => (
                <select {...p} className={INPUT_CLASS} value={ownerId} disabled={people.isPending} onChange={(e) => setOwnerId(e.target.value)}>
                  <option value="">Choose a person…</option>
                  {(people.data ?? []).map((o) => <option key={o.id} value={o.id}>{o.name} ({o.email})</option>)}
                </select>
              )}
            </Field>
          )}
          <Field label="Reason" optional={action !== "suspend"}>
            {(p) => <textarea {...p} className={INPUT_CLASS} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {(localError || mutation.error) && <Alert tone="error">{localError ?? errorMessage(mutation.error)}</Alert>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={mutation.isPending}>{mutation.isPending ? "Working…" : action ? TITLES[action] : ""}</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
