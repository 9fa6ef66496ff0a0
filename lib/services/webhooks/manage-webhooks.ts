// Admins configure outgoing webhooks. The signing secret is generated here,
// shown once in the response, and stored only encrypted.
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { sealSecret } from "@/lib/db/secret-box";
import type { TCreateWebhook } from "@/lib/schemas/webhook";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { newId } from "../broker/mint-credential";

const SELECT = { id: true, name: true, url: true, events: true, active: true, createdAt: true, disabledAt: true } as const;
const view = (w: { id: string; name: string; url: string; events: string; active: boolean; createdAt: Date; disabledAt: Date | null }) => ({ ...w, events: JSON.parse(w.events) as string[] });

export async function createWebhook(ctx: ServiceContext, actor: Actor, input: TCreateWebhook) {
  requirePermission(actor, "webhooks:manage");
  const id = newId();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const w = await tx.webhook.create({ data: { id, name: input.name, url: input.url, secretEnc: sealSecret(secret, `webhook:${id}`), events: JSON.stringify(input.events), createdById: actor.id, createdAt: now }, select: SELECT });
    await appendAuditEvent(tx, { type: "webhook.created", actor: auditActor(actor), target: { type: "webhook", id }, data: { name: w.name, url: w.url, events: input.events }, requestId: ctx.requestId }, now);
    return { ...view(w), secret };
  });
}

export async function listWebhooks(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "webhooks:manage");
  const rows = await ctx.db.webhook.findMany({ orderBy: { createdAt: "desc" }, select: SELECT });
  return rows.map(view);
}

export async function disableWebhook(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "webhooks:manage");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const w = await tx.webhook.findUnique({ where: { id }, select: { id: true, active: true, name: true } });
    if (!w) throw new AppError("not_found", `no webhook with id ${id}`);
    if (!w.active) throw new AppError("conflict", "the webhook is already disabled");
    await tx.webhook.update({ where: { id }, data: { active: false, disabledAt: now } });
    // Undelivered events for a disabled webhook are dropped, and that is recorded.
    const dropped = await tx.webhookDelivery.updateMany({ where: { webhookId: id, status: "PENDING" }, data: { status: "FAILED", lastError: "webhook disabled" } });
    await appendAuditEvent(tx, { type: "webhook.disabled", actor: auditActor(actor), target: { type: "webhook", id }, data: { name: w.name, droppedDeliveries: dropped.count }, requestId: ctx.requestId }, now);
    return { id, active: false };
  });
}

export async function listDeliveries(ctx: ServiceContext, actor: Actor, webhookId: string, limit = 100) {
  requirePermission(actor, "webhooks:manage");
  const exists = await ctx.db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } });
  if (!exists) throw new AppError("not_found", `no webhook with id ${webhookId}`);
  return ctx.db.webhookDelivery.findMany({
    where: { webhookId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, eventType: true, status: true, attempts: true, nextAttemptAt: true, lastStatusCode: true, lastError: true, createdAt: true, deliveredAt: true },
  });
}
