"use client";
// The agent's live credentials, with the revocations its owners, security
// leads and admins may make from here: one credential (and what was delegated
// from it), one task's credentials (the task ends), or all of them. Each needs
// a reason for the record. Auditors see the list without the buttons.
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import type { LiveCredential } from "@/lib/client/types";
import { useLiveCredentials, useRevoke, type RevokeTarget } from "@/lib/client/use-live-credentials";
import { useCan } from "@/components/viewer-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Dialog } from "@/components/ui/dialog";
import { Panel } from "@/components/ui/page-header";
import { ReasonForm } from "./reason-form";

const TH = "py-2 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "py-2 pr-4 align-top";

type Pending = { target: RevokeTarget; title: string; description: string };

export function LiveCredentialsPanel({ agentId, agentName }: { agentId: string; agentName: string }) {
  const { data, error, isPending } = useLiveCredentials(agentId, true);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canRevoke = data?.allowed.revoke ?? false;

  const askCredential = (c: LiveCredential) =>
    setPending({
      target: { kind: "credential", id: c.id },
      title: "Revoke credential",
      description: `The ${c.actions.join(", ")} credential for ${c.audience} stops working at once, and so does anything delegated from it. The task goes on; the agent may ask again.`,
    });
  const askTask = (c: LiveCredential) =>
    setPending({
      target: { kind: "task", id: c.task.id },
      title: "End task",
      description: `The task "${c.task.intent}" ends as revoked, and every credential issued for it stops working at once.`,
    });
  const askAll = () =>
    setPending({
      target: { kind: "all" },
      title: "Revoke all credentials",
      description: `Every live credential of ${agentName} stops working at once. The agent stays active and may ask again, within policy; suspend it to stop that too.`,
    });

  return (
    <Panel
      title="Live credentials"
      actions={canRevoke && data && data.total > 0 ? <Button variant="danger" onClick={askAll}>Revoke all</Button> : undefined}
    >
      {done && (
        <div className="mb-3">
          <Alert tone="success">{done}</Alert>
        </div>
      )}
      {isPending ? (
        <p className="text-sm text-zinc-500">Loading credentials…</p>
      ) : !data ? (
        <Alert tone="error">{errorMessage(error)}</Alert>
      ) : data.items.length === 0 ? (
        <p className="text-sm text-zinc-500">No live credentials: nothing issued to this agent is valid right now.</p>
      ) : (
        <>
          {data.total > data.items.length && (
            <p className="mb-2 text-sm text-zinc-600">
              The newest {data.items.length} of {data.total} are listed; “Revoke all” revokes every one of them.
            </p>
          )}
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead>
                <tr>
                  <th scope="col" className={TH}>For</th>
                  <th scope="col" className={TH}>Task</th>
                  <th scope="col" className={TH}>Issued</th>
                  <th scope="col" className={TH}>Expires</th>
                  <th scope="col" className={TH}>Binding</th>
                  {canRevoke && <th scope="col" className={TH}><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {data.items.map((c) => (
                  <CredentialRow key={c.id} c={c} canRevoke={canRevoke} onRevoke={() => askCredential(c)} onEndTask={() => askTask(c)} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <RevokeDialog
        agentId={agentId}
        pending={pending}
        onClose={() => setPending(null)}
        onDone={(n) => setDone(`${n} credential${n === 1 ? "" : "s"} revoked.`)}
      />
    </Panel>
  );
}

function CredentialRow({ c, canRevoke, onRevoke, onEndTask }: { c: LiveCredential; canRevoke: boolean; onRevoke: () => void; onEndTask: () => void }) {
  const life = useCan("audit:read");
  return (
    <tr data-credential-id={c.id}>
      <td className={TD}>
        <div className="font-medium text-zinc-900">{c.actions.join(", ")}</div>
        <div className="break-all text-zinc-600">{c.audience}{c.identifier ? ` · ${c.identifier}` : ""}</div>
        {c.parentId && <div className="text-xs text-zinc-500">Delegated (depth {c.delegationDepth})</div>}
        {life && (
          <Link href={`/logs/credentials/${c.id}`} className="text-xs text-accent-700 hover:underline">
            Credential life
          </Link>
        )}
      </td>
      <td className={TD}>
        <div className="max-w-xs text-zinc-800">{c.task.intent}</div>
        {c.task.clientTaskId && <div className="text-xs text-zinc-500">{c.task.clientTaskId}</div>}
      </td>
      <td className={TD}><DateTime iso={c.issuedAt} /></td>
      <td className={TD}><DateTime iso={c.expiresAt} /></td>
      <td className={TD}>{c.tokenType === "DPoP" ? <Badge tone="green">DPoP-bound</Badge> : <Badge>Bearer</Badge>}</td>
      {canRevoke && (
        <td className={`${TD} whitespace-nowrap text-right`}>
          <div className="flex justify-end gap-2">
            <Button onClick={onRevoke} aria-label={`Revoke the ${c.actions.join(", ")} credential for ${c.audience}`}>Revoke</Button>
            <Button variant="ghost" onClick={onEndTask} aria-label={`End the task ${c.task.intent}`}>End task</Button>
          </div>
        </td>
      )}
    </tr>
  );
}

function RevokeDialog({ agentId, pending, onClose, onDone }: { agentId: string; pending: Pending | null; onClose: () => void; onDone: (revoked: number) => void }) {
  const mutation = useRevoke(agentId);

  const close = () => {
    mutation.reset();
    onClose();
  };

  async function submit(reason: string): Promise<boolean> {
    if (!pending) return false;
    try {
      const result = await mutation.mutateAsync({ target: pending.target, reason });
      onDone(result.revoked);
      close();
      return true;
    } catch {
      return false; // Shown in the form (e.g. it expired or was revoked meanwhile).
    }
  }

  const key = pending ? `${pending.target.kind}:${"id" in pending.target ? pending.target.id : ""}` : "closed";
  return (
    <Dialog open={pending !== null} onClose={close} title={pending?.title ?? "Revoke"} description={pending?.description}>
      <ReasonForm
        key={key}
        confirm={pending?.title ?? "Revoke"}
        working="Revoking…"
        error={mutation.isError ? errorMessage(mutation.error) : null}
        onSubmit={submit}
        onCancel={close}
      />
    </Dialog>
  );
}
