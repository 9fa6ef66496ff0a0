// One agent with its ownership history, and (for roles that read the audit
// trail) its recent evidence.
import { AppError } from "@/lib/errors";
import { hasPermission, canManageAgent } from "@/lib/auth/permissions";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import { listAuditEventsForTarget } from "@/lib/db/audit-repository";
import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

const PERSON = { select: { id: true, name: true, email: true, active: true } } as const;

export async function getAgent(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "agents:read");
  const row = await ctx.db.agentIdentity.findUnique({ where: { id }, select: AGENT_SELECT });
  if (!row) throw new AppError("not_found", `no agent with id ${id}`);
  const agent = toAgentView(row);
  const ownershipHistory = await ctx.db.ownership.findMany({
    where: { agentId: id },
    orderBy: [{ assignedAt: "desc" }, { id: "desc" }],
    select: { id: true, assignedAt: true, acknowledgedAt: true, endedAt: true, owner: PERSON, backupOwner: PERSON, assignedBy: PERSON },
  });
  const events = hasPermission(actor.role, "audit:read")
    ? (await listAuditEventsForTarget(ctx.db, { type: "agent", id })).map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }))
    : null;
  const canManage = canManageAgent(actor, { ownerId: agent.owner?.id ?? null, backupOwnerId: agent.backupOwner?.id ?? null });
  return {
    agent,
    ownershipHistory,
    events,
    // What the page may offer this person (the API enforces the same rules).
    allowed: {
      manage: canManage && agent.status !== "DECOMMISSIONED",
      acknowledge: agent.owner?.id === actor.id && agent.ownership.state === "PENDING" && agent.status !== "DECOMMISSIONED",
      // GET /api/v1/agents/{id}/credentials (list-live-credentials.ts); revoking them is `manage`.
      credentials: canManage || hasPermission(actor.role, "audit:read"),
    },
  };
}
