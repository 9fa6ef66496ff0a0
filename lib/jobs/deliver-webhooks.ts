// Sends due webhook deliveries. A batch is claimed first (lockedUntil), so
// several instances never send the same delivery at the same time; each
// attempt is recorded; failures back off and eventually give up — all of it
// visible in the delivery log, none of it blocking anything else.
import { env } from "@/lib/env";
import { withTransaction, type Db } from "@/lib/db/client";
import { openSecret } from "@/lib/db/secret-box";
import { eventText, MAX_ATTEMPTS, retryDelayMs, signPayload, SIGNATURE_HEADER, type WebhookEvent } from "@/lib/domain/webhook";
import { log } from "@/lib/log";
import { countWebhookFailure } from "@/lib/metrics/broker-metrics";

const BATCH = 20;
const LOCK_MS = 60_000;
const TIMEOUT_MS = 5_000;

export async function deliverDueWebhooks(db: Db, now: () => Date, send: typeof fetch = fetch): Promise<{ delivered: number; failed: number }> {
  const at = now();
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: at }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true, lockedUntil: true },
  });
  let delivered = 0;
  let failed = 0;
  for (const d of due) {
    const claimed = await withTransaction(db, (tx) =>
      tx.webhookDelivery.updateMany({ where: { id: d.id, status: "PENDING", lockedUntil: d.lockedUntil }, data: { lockedUntil: new Date(at.getTime() + LOCK_MS) } }),
    );
    if (claimed.count !== 1) continue; // another instance took it
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id }, select: { id: true, payload: true, attempts: true, webhook: { select: { id: true, url: true, secretEnc: true, active: true } } } });
    if (!row.webhook.active) continue;
    const event = JSON.parse(row.payload) as WebhookEvent;
    const body = JSON.stringify({ ...event, id: row.id, text: eventText(event, env().baseUrl) });
    const ts = Math.floor(now().getTime() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const secret = openSecret(row.webhook.secretEnc, `webhook:${row.webhook.id}`);
      const res = await send(row.webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Mandate-Webhooks/1", [SIGNATURE_HEADER]: signPayload(secret, ts, body), "Mandate-Delivery": row.id },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: "manual",
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `receiver answered HTTP ${status}`;
    } catch (e) {
      error = (e as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : `could not deliver: ${(e as Error).message}`.slice(0, 300);
    }
    const attempts = row.attempts + 1;
    const finished = now();
    if (!error) {
      delivered++;
      await withTransaction(db, (tx) => tx.webhookDelivery.update({ where: { id: row.id }, data: { status: "DELIVERED", attempts, lastStatusCode: status, lastError: null, deliveredAt: finished, lockedUntil: null } }));
    } else {
      failed++;
      const delay = retryDelayMs(attempts);
      const givingUp = delay === null || attempts >= MAX_ATTEMPTS;
      await withTransaction(db, (tx) =>
        tx.webhookDelivery.update({
          where: { id: row.id },
          data: { status: givingUp ? "FAILED" : "PENDING", attempts, lastStatusCode: status, lastError: error, lockedUntil: null, nextAttemptAt: givingUp ? finished : new Date(finished.getTime() + delay!) },
        }),
      );
      countWebhookFailure(givingUp);
      if (givingUp) log.warn("webhook delivery gave up", { deliveryId: row.id, webhookId: row.webhook.id, attempts });
    }
  }
  return { delivered, failed };
}
