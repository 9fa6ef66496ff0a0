"use client";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useAccessTokens, useRevokeAccessToken } from "@/lib/client/use-tokens";
import type { AccessToken } from "@/lib/client/types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

function TokenState({ token }: { token: AccessToken }) {
  if (token.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

function RevokeButton({ token }: { token: AccessToken }) {
  const revoke = useRevokeAccessToken();
  const [open, setOpen] = useState(false);
  const close = () => {
    revoke.reset();
    setOpen(false);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-label={`Revoke ${token.name}`}>
        Revoke
      </Button>
      <ConfirmDialog
        open={open}
        title={`Revoke “${token.name}”?`}
        description="Anything using this token stops working at once. This cannot be undone."
        confirmLabel="Revoke token"
        danger
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onClose={close}
        onConfirm={() => revoke.mutate(token.id, { onSuccess: () => setOpen(false) })}
      />
    </>
  );
}

export function TokenTable() {
  const tokens = useAccessTokens();
  if (tokens.isError) return <Alert tone="error">{errorMessage(tokens.error)}</Alert>;
  if (!tokens.data) return <p className="text-sm text-zinc-500">Loading tokens…</p>;
  if (tokens.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">You have no API tokens.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Your API tokens</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Token</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Created</th>
            <th scope="col" className={TH}>Expires</th>
            <th scope="col" className={TH}>Last used</th>
            <th scope="col" className={TH}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {tokens.data.map((t) => (
            <tr key={t.id}>
              <td className={`${TD} font-medium`}>{t.name}</td>
              <td className={`${TD} font-mono text-xs`}>{t.prefix}…</td>
              <td className={TD}><TokenState token={t} /></td>
              <td className={TD}><DateTime iso={t.createdAt} dateOnly /></td>
              <td className={TD}>{t.expiresAt ? <DateTime iso={t.expiresAt} dateOnly /> : "Never"}</td>
              <td className={TD}>{t.lastUsedAt ? <DateTime iso={t.lastUsedAt} /> : <span className="text-zinc-500">Never</span>}</td>
              <td className={`${TD} text-right`}>{!t.revokedAt && <RevokeButton token={t} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
