"use client";
// One webhook's delivery log: every event queued for it, whether it arrived,
// how many attempts it took, and what the receiver last answered. Refreshed
// every few seconds, since the background job sends every five.
import { errorMessage } from "@/lib/client/api";
import type { WebhookDelivery, WebhookView } from "@/lib/client/step-up-types";
import { useWebhookDeliveries } from "@/lib/client/use-webhooks";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";

const TH = "py-2 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "py-2 pr-4 align-top";

const STATUS = { PENDING: "amber", DELIVERED: "green", FAILED: "red" } as const;

function LastAnswer({ d }: { d: WebhookDelivery }) {
  if (d.lastStatusCode === null && !d.lastError) return <span className="text-zinc-400">—</span>;
  return (
    <span className="break-words">
      {d.lastStatusCode !== null && <span className="font-mono text-xs">HTTP {d.lastStatusCode}</span>}
      {d.lastError && <span className="block text-xs text-red-800">{d.lastError}</span>}
    </span>
  );
}

export function DeliveryLog({ webhook }: { webhook: WebhookView }) {
  const log = useWebhookDeliveries(webhook.id);
  return (
    <Panel title={`Delivery log: ${webhook.name}`}>
      {log.isError && <Alert tone="error">{errorMessage(log.error)}</Alert>}
      {log.isPending && <p className="text-sm text-zinc-500">Loading deliveries…</p>}
      {log.data && log.data.length === 0 && <p className="text-sm text-zinc-500">Nothing has been sent to this webhook yet.</p>}
      {log.data && log.data.length > 0 && (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Deliveries to {webhook.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className={TH}>Event</th>
                <th scope="col" className={TH}>Status</th>
                <th scope="col" className={TH}>Attempts</th>
                <th scope="col" className={TH}>Last answer</th>
                <th scope="col" className={TH}>Next attempt</th>
                <th scope="col" className={TH}>Queued</th>
                <th scope="col" className={TH}>Delivered</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {log.data.map((d) => (
                <tr key={d.id}>
                  <td className={`${TD} font-mono text-xs`}>{d.eventType}</td>
                  <td className={TD}>
                    <Badge tone={STATUS[d.status as keyof typeof STATUS] ?? "neutral"}>{d.status}</Badge>
                  </td>
                  <td className={`${TD} tabular-nums`}>{d.attempts}</td>
                  <td className={TD}><LastAnswer d={d} /></td>
                  <td className={TD}>{d.status === "PENDING" ? <DateTime iso={d.nextAttemptAt} /> : <span className="text-zinc-400">—</span>}</td>
                  <td className={`${TD} whitespace-nowrap`}><DateTime iso={d.createdAt} /></td>
                  <td className={`${TD} whitespace-nowrap`}><DateTime iso={d.deliveredAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
