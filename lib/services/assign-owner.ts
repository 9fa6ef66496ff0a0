// Names the accountable owner (and optional backup) of an agent. The previous
// assignment is ended, not overwritten, so the history stays. Changing only
// the backup keeps the owner's acknowledgement; a new owner must acknowledge.
import { invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import type { TAssignOwner } from "@/lib/schemas/agent";
import { loadEligibleOwner, loadManageableAgent } from "./agent-access";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";
import { revokeCredentials } from "./broker/revoke-credentials";
import { refreshAgentPosture } from "./posture/refresh-agent-posture";

export async function assignOwner(ctx: ServiceContext, actor: Actor, agentId: string, input: TAssignOwner) {
  requirePermission(actor, "agents:manage-own");
  if (input.backupOwnerId && input.backupOwnerId === input.ownerId) throw invalidField("backupOwnerId", "must be a different person from the owner");
  const now = ctx.now();
  const view = await withTransaction(ctx.db, async (tx) => {
    const agent = await loadManageableAgent(tx, actor, agentId);
    const owner = await loadEligibleOwner(tx, input.ownerId, "ownerId");
    const backup = input.backupOwnerId ? await loadEligibleOwner(tx, input.backupOwnerId, "backupOwnerId") : null;
    const previous = agent.currentOwnership;
    const ownerUnchanged = previous?.ownerId === owner.id;
    if (previous) await tx.ownership.update({ where: { id: previous.id }, data: { endedAt: now } });
    const ownership = await tx.ownership.create({
      data: {
        agentId,
        ownerId: owner.id,
        backupOwnerId: backup?.id ?? null,
        assignedById: actor.id,
        assignedAt: now,
        acknowledgedAt: ownerUnchanged ? previous.acknowledgedAt : null,
      },
      select: { id: true },
    });
    const updated = await tx.agentIdentity.update({ where: { id: agentId }, data: { currentOwnershipId: ownership.id }, select: AGENT_SELECT });
    await appendAuditEvents(
      tx,
      [
        {
          type: "agent.ownership_assigned",
          actor: auditActor(actor),
          target: { type: "agent", id: agentId },
          data: {
            agentName: agent.name,
            ownerId: owner.id,
            ownerEmail: owner.email,
            backupOwnerId: backup?.id ?? null,
            backupOwnerEmail: backup?.email ?? null,
            previousOwnerId: previous?.ownerId ?? null,
            previousBackupOwnerId: previous?.backupOwnerId ?? null,
            acknowledgementKept: ownerUnchanged && previous?.acknowledgedAt !== null,
          },
          requestId: ctx.requestId,
        },
      ],
      now,
    );
    if (!ownerUnchanged) {
      // Until the new owner acknowledges, nobody is accountable: live credentials end here.
      await revokeCredentials(tx, { agentId }, { trigger: "owner_lost", reason: "ownership handed to a new owner who has not acknowledged yet", now, actor: auditActor(actor), requestId: ctx.requestId, target: { type: "agent", id: agentId } });
    }
    return toAgentView(updated);
  });
  await refreshAgentPosture(ctx, [agentId]);
  return view;
}
