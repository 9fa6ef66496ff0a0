// The outbox: an event that should reach webhooks is written as delivery rows
// in the same transaction as the change it reports. Sending happens later, in
// the background job, so a slow or failing receiver never blocks a decision.
import type { Tx } from "@/lib/db/client";
import type { WebhookEvent } from "@/lib/domain/webhook";

export async function enqueueWebhookEvent(tx: Tx, type: string, data: Record<string, unknown>, now: Date): Promise<void> {
  const hooks = await tx.webhook.findMany({ where: { active: true }, select: { id: true, events: true } });
  if (hooks.length === 0) return;
  const event: WebhookEvent = { type, occurredAt: now.toISOString(), data };
  for (const hook of hooks) {
    const wanted = JSON.parse(hook.events) as string[];
    if (wanted.length > 0 && !wanted.includes(type)) continue;
    await tx.webhookDelivery.create({ data: { webhookId: hook.id, eventType: type, payload: JSON.stringify(event), nextAttemptAt: now, createdAt: now } });
  }
}
