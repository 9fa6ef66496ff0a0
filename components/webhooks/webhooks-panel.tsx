"use client";
import { useState } from "react";
import type { CreatedWebhook } from "@/lib/client/step-up-types";
import { useWebhooks } from "@/lib/client/use-webhooks";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeliveryLog } from "./delivery-log";
import { NewWebhookSecret } from "./new-webhook-secret";
import { WebhookTable } from "./webhook-table";

export function WebhooksPanel() {
  // Held only in memory: leaving the page forgets the secret for good.
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useWebhooks().data?.find((w) => w.id === selectedId) ?? null;
  return (
    <div className="space-y-6">
      {created && <NewWebhookSecret webhook={created} onDone={() => setCreated(null)} />}
      <WebhookTable selectedId={selectedId} onSelect={setSelectedId} />
      {selected && (
        <div id="delivery-log">
          <DeliveryLog webhook={selected} />
        </div>
      )}
      <CreateWebhookForm onCreated={setCreated} />
    </div>
  );
}
