// After an agent's ceiling (or DPoP requirement) changes, a live credential the
// broker would no longer mint must not live on: the same bound that guards
// issuance (withinCeiling) decides which of the agent's live credentials die,
// inside the caller's transaction.
import type { Tx } from "@/lib/db/client";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { withinCeiling, type AgentTaskDetail } from "@/lib/domain/authorization-details";
import { revokeCredentials } from "./revoke-credentials";

export async function revokeOutsideCeiling(
  tx: Tx,
  agent: { id: string; ceiling: { audiences: string[]; actions: string[]; maxTtlSeconds: number }; requireDpop: boolean },
  opts: { now: Date; actor: AuditEventInput["actor"]; requestId?: string },
): Promise<string[]> {
  const live = await tx.credential.findMany({
    where: { agentId: agent.id, revokedAt: null, expiresAt: { gt: opts.now } },
    select: { id: true, authorizationDetails: true, issuedAt: true, expiresAt: true, dpopJkt: true },
  });
  const outside = live.filter((c) => {
    const entry = (JSON.parse(c.authorizationDetails) as AgentTaskDetail[])[0];
    const ttlSeconds = Math.round((c.expiresAt.getTime() - c.issuedAt.getTime()) / 1000);
    return !entry || !withinCeiling(entry, ttlSeconds, agent, c.dpopJkt !== null).ok;
  });
  if (outside.length === 0) return [];
  return revokeCredentials(tx, { id: { in: outside.map((c) => c.id) } }, {
    trigger: "ceiling_changed",
    reason: "outside the agent's new ceiling",
    now: opts.now,
    actor: opts.actor,
    requestId: opts.requestId,
    target: { type: "agent", id: agent.id },
  });
}
