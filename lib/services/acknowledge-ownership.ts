// The named owner accepts accountability for an agent. Only that person can;
// nobody can acknowledge on someone else's behalf.
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";
import { refreshAgentPosture } from "./posture/refresh-agent-posture";

export async function acknowledgeOwnership(ctx: ServiceContext, actor: Actor, agentId: string) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  const view = await withTransaction(ctx.db, async (tx) => {
    const agent = await tx.agentIdentity.findUnique({
      where: { id: agentId },
      select: { id: true, name: true, status: true, currentOwnership: { select: { id: true, ownerId: true, acknowledgedAt: true } } },
    });
    if (!agent) throw new AppError("not_found", `no agent with id ${agentId}`);
    const ownership = agent.currentOwnership;
    if (!ownership || ownership.ownerId !== actor.id) throw new AppError("forbidden", "only the person named as this agent's owner can acknowledge ownership");
    if (agent.status === "DECOMMISSIONED") throw new AppError("conflict", "the agent is decommissioned; there is nothing to acknowledge");
    if (ownership.acknowledgedAt) throw new AppError("conflict", "you already acknowledged ownership of this agent");
    await tx.ownership.update({ where: { id: ownership.id }, data: { acknowledgedAt: now } });
    await appendAuditEvents(
      tx,
      [{ type: "agent.ownership_acknowledged", actor: auditActor(actor), target: { type: "agent", id: agentId }, data: { agentName: agent.name, ownershipId: ownership.id }, requestId: ctx.requestId }],
      now,
    );
    return toAgentView(await tx.agentIdentity.findUniqueOrThrow({ where: { id: agentId }, select: AGENT_SELECT }));
  });
  await refreshAgentPosture(ctx, [agentId]);
  return view;
}
