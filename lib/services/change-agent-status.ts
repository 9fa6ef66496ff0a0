// Suspend, reactivate or decommission an agent, with a reason. Decommissioned
// is final. Leaving ACTIVE kills the agent's live credentials in the same transaction.
import { AppError } from "@/lib/errors";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import { transition, type AgentStatus, type LifecycleAction } from "@/lib/domain/agent";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import type { Canonicalisable } from "@/lib/domain/canonical-json";
import { loadManageableAgent } from "./agent-access";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";
import { revokeCredentials } from "./broker/revoke-credentials";
import { refreshAgentPosture } from "./posture/refresh-agent-posture";

const EVENT: Record<LifecycleAction, string> = {
  suspend: "agent.suspended",
  reactivate: "agent.reactivated",
  decommission: "agent.decommissioned",
};

export async function changeAgentStatus(ctx: ServiceContext, actor: Actor, agentId: string, action: LifecycleAction, reason: string) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  const view = await withTransaction(ctx.db, async (tx) => {
    const agent = await loadManageableAgent(tx, actor, agentId, { allowDecommissioned: true });
    return applyStatusChange(tx, agent, action, reason, { now, actor: auditActor(actor), requestId: ctx.requestId });
  });
  await refreshAgentPosture(ctx, [agentId]);
  return view;
}

/**
 * The transition itself, inside the caller's transaction, for an agent the
 * caller already loaded and may change (a person through changeAgentStatus,
 * an access review's decision, or the access-review job acting as the system).
 * `evidence` is added to the audit event (e.g. which campaign caused it).
 */
export async function applyStatusChange(
  tx: Tx,
  agent: { id: string; name: string; status: AgentStatus },
  action: LifecycleAction,
  reason: string,
  opts: { now: Date; actor: AuditEventInput["actor"]; requestId?: string; evidence?: Record<string, Canonicalisable> },
) {
  const { now, actor, requestId } = opts;
  const agentId = agent.id;
  const next = transition(agent.status, action);
  if (!next.ok) throw new AppError("conflict", next.reason);
  const updated = await tx.agentIdentity.update({
    where: { id: agentId },
    data: { status: next.status, statusReason: reason, statusChangedAt: now },
    select: AGENT_SELECT,
  });
  await appendAuditEvents(
    tx,
    [{ type: EVENT[action], actor, target: { type: "agent", id: agentId }, data: { agentName: agent.name, from: agent.status, to: next.status, reason, ...opts.evidence }, requestId }],
    now,
  );
  if (next.status !== "ACTIVE") {
    // A suspended or decommissioned agent keeps no live credential and no pending approval.
    const trigger = next.status === "SUSPENDED" ? "agent_suspended" : "agent_decommissioned";
    await revokeCredentials(tx, { agentId }, { trigger, reason, now, actor, requestId, target: { type: "agent", id: agentId } });
    await tx.stepUpRequest.updateMany({ where: { agentId, status: { in: ["PENDING", "APPROVED"] } }, data: { status: "CANCELLED" } });
  }
  return toAgentView(updated);
}
