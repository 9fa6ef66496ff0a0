"use client";
// The configured webhooks, with their state, a way to open each one's
// delivery log, and disabling (asked first: pending deliveries are dropped).
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import type { WebhookView } from "@/lib/client/step-up-types";
import { useDisableWebhook, useWebhooks } from "@/lib/client/use-webhooks";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

function DisableButton({ webhook }: { webhook: WebhookView }) {
  const disable = useDisableWebhook();
  const [open, setOpen] = useState(false);
  const close = () => {
    disable.reset();
    setOpen(false);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-label={`Disable ${webhook.name}`}>
        Disable
      </Button>
      <ConfirmDialog
        open={open}
        title={`Disable “${webhook.name}”?`}
        description="Mandate stops sending events to this URL, and deliveries still waiting are dropped (the log keeps them as failed). This cannot be undone; add a new webhook to resume."
        confirmLabel="Disable webhook"
        danger
        pending={disable.isPending}
        error={disable.isError ? errorMessage(disable.error) : null}
        onClose={close}
        onConfirm={() => disable.mutate(webhook.id, { onSuccess: () => setOpen(false) })}
      />
    </>
  );
}

export function WebhookTable({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string | null) => void }) {
  const webhooks = useWebhooks();
  if (webhooks.isError) return <Alert tone="error">{errorMessage(webhooks.error)}</Alert>;
  if (!webhooks.data) return <p className="text-sm text-zinc-500">Loading webhooks…</p>;
  if (webhooks.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">No webhooks are configured.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Outgoing webhooks</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>URL</th>
            <th scope="col" className={TH}>Events</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Added</th>
            <th scope="col" className={TH}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {webhooks.data.map((w) => {
            const open = selectedId === w.id;
            return (
              <tr key={w.id}>
                <td className={`${TD} font-medium`}>{w.name}</td>
                <td className={`${TD} max-w-xs break-all font-mono text-xs`}>{w.url}</td>
                <td className={`${TD} font-mono text-xs`}>{w.events.length === 0 ? <span className="font-sans">All events</span> : w.events.join(", ")}</td>
                <td className={TD}>
                  {w.active ? (
                    <Badge tone="green">Active</Badge>
                  ) : (
                    <span className="space-y-1">
                      <Badge tone="neutral">Disabled</Badge>
                      <span className="block text-xs text-zinc-500"><DateTime iso={w.disabledAt} /></span>
                    </span>
                  )}
                </td>
                <td className={`${TD} whitespace-nowrap`}><DateTime iso={w.createdAt} dateOnly /></td>
                <td className={`${TD} text-right`}>
                  <span className="inline-flex flex-wrap justify-end gap-2">
                    <Button aria-expanded={open} aria-controls="delivery-log" onClick={() => onSelect(open ? null : w.id)} aria-label={`Delivery log of ${w.name}`}>
                      {open ? "Hide log" : "Delivery log"}
                    </Button>
                    {w.active && <DisableButton webhook={w} />}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
