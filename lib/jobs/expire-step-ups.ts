// Step-up requests expire without anyone looking: past their expiry they
// become EXPIRED (an agent polling then gets expired_token), with evidence and
// a webhook event. Owners are warned once shortly before a request expires.
import { withTransaction, type Db } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { notifyOwners } from "@/lib/services/broker/notify";
import { enqueueWebhookEvent } from "@/lib/services/webhooks/enqueue-webhook-event";

const WARN_BEFORE_MS = 2 * 60_000;

export async function expireStepUps(db: Db, now: () => Date): Promise<{ expired: number; warned: number }> {
  const at = now();
  const stale = await db.stepUpRequest.findMany({
    where: { status: { in: ["PENDING", "APPROVED"] }, expiresAt: { lte: at } },
    select: { id: true, status: true, agentId: true, agent: { select: { name: true } } },
    take: 200,
  });
  let expired = 0;
  for (const s of stale) {
    await withTransaction(db, async (tx) => {
      // Conditional: a decision or redemption that won the race stays.
      const moved = await tx.stepUpRequest.updateMany({ where: { id: s.id, status: s.status, expiresAt: { lte: at } }, data: { status: "EXPIRED" } });
      if (moved.count !== 1) return;
      expired++;
      await appendAuditEvent(tx, { type: "step_up.expired", actor: { type: "SYSTEM", label: "expiry job" }, target: { type: "step_up", id: s.id }, data: { agentId: s.agentId, previous: s.status } }, at);
      await enqueueWebhookEvent(tx, "step_up.expired", { stepUpId: s.id, agentId: s.agentId, agentName: s.agent.name }, at);
    });
  }
  const soon = await db.stepUpRequest.findMany({
    where: { status: "PENDING", expiryWarnedAt: null, expiresAt: { gt: at, lte: new Date(at.getTime() + WARN_BEFORE_MS) } },
    select: { id: true, expiresAt: true, agent: { select: { id: true, name: true, currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } } },
    take: 200,
  });
  let warned = 0;
  for (const s of soon) {
    await withTransaction(db, async (tx) => {
      const claimed = await tx.stepUpRequest.updateMany({ where: { id: s.id, expiryWarnedAt: null }, data: { expiryWarnedAt: at } });
      if (claimed.count !== 1) return;
      warned++;
      const o = s.agent.currentOwnership;
      await notifyOwners(tx, { id: s.agent.id, ownerId: o?.ownerId ?? null, backupOwnerId: o?.backupOwnerId ?? null }, { kind: "step_up_expiring", title: `Approval for ${s.agent.name} expires soon`, body: `The request expires at ${s.expiresAt.toISOString()}; decide it before then or the agent's task cannot continue.`, subject: `step_up:${s.id}` }, at);
    });
  }
  return { expired, warned };
}
