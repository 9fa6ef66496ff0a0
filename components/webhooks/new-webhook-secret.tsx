"use client";
// The signing secret's only appearance (Mandate keeps it encrypted and never
// shows it again), with what a receiver does with it.
import type { CreatedWebhook } from "@/lib/client/step-up-types";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export function NewWebhookSecret({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  return (
    <section aria-label="New webhook secret" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950">
      <h2 className="font-semibold">Webhook “{webhook.name}” added</h2>
      <p className="mt-1 font-medium">Copy the signing secret now: you will not see it again.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
        <label htmlFor="new-webhook-secret" className="sr-only">
          Signing secret
        </label>
        <input
          id="new-webhook-secret"
          readOnly
          value={webhook.secret}
          onFocus={(e) => e.target.select()}
          className="block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <CopyButton value={webhook.secret} label="Copy secret" variant="primary" />
      </div>
      <div className="mt-3 space-y-1 text-emerald-900">
        <p>
          Every delivery carries <code className="font-mono text-xs">Mandate-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>. To check it, compute
          HMAC-SHA256 with this secret over <code className="font-mono text-xs">&lt;t&gt;.&lt;raw request body&gt;</code> and compare the hex with v1 in
          constant time.
        </p>
        <p>Refuse a timestamp more than five minutes away from your clock, so a captured delivery cannot be replayed later.</p>
      </div>
      <Button className="mt-3" onClick={onDone}>
        I have stored it
      </Button>
    </section>
  );
}
