// The broker notices an agent that re-mints in a tight loop. Above the
// per-minute limit requests are denied; a sustained burst (the suspend
// threshold within one minute) suspends the agent, kills its live credentials,
// raises a security alert and tells its owners. Counted in the database, so
// every instance counts together.
import { env } from "@/lib/env";
import type { Tx } from "@/lib/db/client";
import { countHits, recordHit, recordHitDirect } from "@/lib/db/rate-limit";
import type { SqliteDirect } from "@/lib/db/sqlite-direct";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import type { PolicyAgent } from "@/lib/db/agent-repository";
import type { Db } from "@/lib/db/client";
import { revokeCredentials } from "./revoke-credentials";
import { notifyOwners } from "./notify";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook-event";

const WINDOW_SECONDS = 60;
const key = (agentId: string) => `broker:agent:${agentId}`;

export async function recentRequests(db: Db, agentId: string, now: Date): Promise<number> {
  return countHits(db, key(agentId), WINDOW_SECONDS, now);
}

export type RateVerdict = { count: number; limited: boolean; suspend: boolean };

export async function countRequest(tx: Tx, agentId: string, now: Date): Promise<RateVerdict> {
  return verdict(await recordHit(tx, key(agentId), WINDOW_SECONDS, now));
}

/** countRequest inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
export function countRequestDirect(d: SqliteDirect, agentId: string, now: Date): RateVerdict {
  return verdict(recordHitDirect(d, key(agentId), WINDOW_SECONDS, now));
}

function verdict(count: number): RateVerdict {
  const { rateLimitPerMinute, rateSuspendPerMinute } = env().broker;
  return { count, limited: count > rateLimitPerMinute, suspend: count >= rateSuspendPerMinute };
}

export async function suspendForBurst(tx: Tx, agent: PolicyAgent, count: number, now: Date, requestId?: string): Promise<void> {
  const reason = `rate guard: ${count} credential requests within a minute (limit ${env().broker.rateLimitPerMinute})`;
  const changed = await tx.agentIdentity.updateMany({ where: { id: agent.id, status: "ACTIVE" }, data: { status: "SUSPENDED", statusReason: reason, statusChangedAt: now } });
  if (changed.count === 0) return; // already suspended by a concurrent request
  const actor = { type: "SYSTEM" as const, label: "broker rate guard" };
  await appendAuditEvents(
    tx,
    [
      { type: "security.alert", outcome: "FAILURE", actor, target: { type: "agent", id: agent.id }, data: { alert: "credential_burst", count, agentName: agent.name }, requestId },
      { type: "agent.suspended", actor, target: { type: "agent", id: agent.id }, data: { agentName: agent.name, from: "ACTIVE", to: "SUSPENDED", reason }, requestId },
    ],
    now,
  );
  await revokeCredentials(tx, { agentId: agent.id }, { trigger: "rate_guard", reason, now, actor, requestId, target: { type: "agent", id: agent.id } });
  await enqueueWebhookEvent(tx, "agent.suspended_by_rate_guard", { agentId: agent.id, agentName: agent.name, reason, count }, now);
  await notifyOwners(tx, agent, { kind: "agent_suspended", title: `${agent.name} was suspended by the rate guard`, body: `${reason}. Its live credentials were revoked. Reactivate it from its page once you know why.` }, now);
}
