"use client";
// The trusted workload issuers, what each accepts, how many agent bindings use
// it, and removing one (asked first; refused while agents are bound to it).
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useDeleteTrust, useTrustConfigurations, type TrustView } from "@/lib/client/use-trust";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

export const KIND_LABELS: Record<TrustView["kind"], string> = { OIDC: "OIDC discovery", STATIC_JWKS: "Static JWKS", SPIFFE: "SPIFFE bundle" };

function RemoveButton({ trust }: { trust: TrustView }) {
  const remove = useDeleteTrust();
  const [open, setOpen] = useState(false);
  const close = () => {
    remove.reset();
    setOpen(false);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-label={`Remove ${trust.name}`}>
        Remove
      </Button>
      <ConfirmDialog
        open={open}
        title={`Stop trusting “${trust.name}”?`}
        description="Tokens of this issuer will no longer authenticate any agent. Removing is refused while agents are still bound to it: unbind them first."
        confirmLabel="Remove issuer"
        danger
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={close}
        onConfirm={() => remove.mutate(trust.id, { onSuccess: () => setOpen(false) })}
      />
    </>
  );
}

export function TrustTable({ canManage }: { canManage: boolean }) {
  const list = useTrustConfigurations();
  if (list.isError) return <Alert tone="error">{errorMessage(list.error)}</Alert>;
  if (!list.data) return <p className="text-sm text-zinc-500">Loading trusted issuers…</p>;
  if (list.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">No workload issuer is trusted yet: agents authenticate with their own keys only.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Trusted workload issuers</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Kind</th>
            <th scope="col" className={TH}>Issuer</th>
            <th scope="col" className={TH}>Audiences</th>
            <th scope="col" className={TH}>Skew</th>
            <th scope="col" className={TH}>Instance claim</th>
            <th scope="col" className={TH}>Bindings</th>
            {canManage && <th scope="col" className={TH}><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {list.data.map((t) => (
            <tr key={t.id}>
              <td className={`${TD} font-medium`}>{t.name}</td>
              <td className={TD}><Badge tone="neutral">{KIND_LABELS[t.kind]}</Badge></td>
              <td className={`${TD} max-w-xs break-all font-mono text-xs`}>
                {t.issuer}
                {t.keyIds && <span className="mt-1 block font-sans text-zinc-500">Keys: {t.keyIds.join(", ")}</span>}
              </td>
              <td className={`${TD} break-all font-mono text-xs`}>{t.audiences.join(", ")}</td>
              <td className={TD}>{t.clockSkewSeconds} s</td>
              <td className={`${TD} font-mono text-xs`}>{t.instanceClaim ?? <span className="font-sans text-zinc-400">—</span>}</td>
              <td className={TD}>{t.boundAgents}</td>
              {canManage && <td className={`${TD} text-right`}><RemoveButton trust={t} /></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
