"use client";
// Adds an outgoing webhook: where to send, and which events (none ticked =
// all of them). The signing secret comes back once, to the panel above.
import { useState, type FormEvent } from "react";
import type { WEBHOOK_EVENTS } from "@/lib/schemas/webhook";
import { splitErrors } from "@/lib/client/api";
import type { CreatedWebhook } from "@/lib/client/step-up-types";
import { useCreateWebhook } from "@/lib/client/use-webhooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Every event the server knows must have a label here (the type checks it). */
export const EVENT_LABELS: Record<WebhookEvent, string> = {
  "step_up.requested": "A request waits for approval",
  "step_up.approved": "A request was approved",
  "step_up.denied": "A request was denied",
  "step_up.expired": "A request expired undecided",
  "agent.suspended_by_rate_guard": "The rate guard suspended an agent",
  "credential.leak_reported": "A credential was reported leaked",
};
const EVENTS = Object.keys(EVENT_LABELS) as WebhookEvent[];

type WebhookField = "name" | "url" | "events";

export function CreateWebhookForm({ onCreated }: { onCreated: (webhook: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const errors = splitErrors<WebhookField>(create.error, (p) => (p === "name" || p === "url" ? p : p.startsWith("events") ? "events" : null));

  const toggle = (event: WebhookEvent, on: boolean) => setEvents((current) => (on ? [...current, event] : current.filter((e) => e !== event)));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      const created = await create.mutateAsync({ name, url, events });
      setName("");
      setUrl("");
      setEvents([]);
      onCreated(created);
    } catch {
      // Shown from create.error.
    }
  }

  return (
    <Panel title="Add a webhook">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a webhook">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.fields.name} hint="What receives it, e.g. “Security Slack channel”.">
            {(p) => <input {...p} autoComplete="off" className={INPUT_CLASS} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="URL" error={errors.fields.url} hint="Mandate POSTs each event there as JSON, with a Slack-compatible text field.">
            {(p) => <input {...p} type="url" inputMode="url" autoComplete="off" placeholder="https://" className={INPUT_CLASS} value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
        </div>
        <fieldset aria-describedby="webhook-events-hint">
          <legend className="text-sm font-medium text-zinc-800">Events</legend>
          <p id="webhook-events-hint" className="mt-0.5 text-xs text-zinc-500">
            Tick none to receive every event, including ones added later.
          </p>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {EVENTS.map((event) => (
              <label key={event} className="flex items-start gap-2 text-sm text-zinc-800">
                <input type="checkbox" className="mt-0.5 size-4" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
                <span>
                  {EVENT_LABELS[event]} <span className="font-mono text-xs text-zinc-500">{event}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.fields.events && <p className="mt-1 text-sm text-red-700">{errors.fields.events}</p>}
        </fieldset>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add webhook"}
        </Button>
      </form>
    </Panel>
  );
}
