// Loading an agent for a change: exists, not decommissioned (unless asked),
// and the actor may manage it. Shared by every agent-changing use case.
import { AppError } from "@/lib/errors";
import { canManageAgent } from "@/lib/auth/permissions";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "./context";

export async function loadManageableAgent(tx: Tx, actor: Actor, id: string, opts: { allowDecommissioned?: boolean } = {}) {
  const agent = await tx.agentIdentity.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      status: true,
      currentOwnershipId: true,
      currentOwnership: { select: { id: true, ownerId: true, backupOwnerId: true, acknowledgedAt: true } },
    },
  });
  if (!agent) throw new AppError("not_found", `no agent with id ${id}`);
  const ownership = { ownerId: agent.currentOwnership?.ownerId ?? null, backupOwnerId: agent.currentOwnership?.backupOwnerId ?? null };
  if (!canManageAgent(actor, ownership)) {
    throw new AppError("forbidden", "you can change only agents you own or back up (security leads and admins can change any agent)");
  }
  if (agent.status === "DECOMMISSIONED" && !opts.allowDecommissioned) {
    throw new AppError("conflict", "the agent is decommissioned; it can no longer be changed");
  }
  return agent;
}

/** An accountable owner must be an active person who can act (not an auditor). */
export async function loadEligibleOwner(tx: Tx, id: string, field: "ownerId" | "backupOwnerId") {
  const person = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, active: true } });
  const invalid = (reason: string) => new AppError("validation_failed", `${field}: ${reason}`, { invalidParams: [{ name: field, reason }] });
  if (!person) throw invalid("no person with this id");
  if (!person.active) throw invalid("this person is deactivated");
  if (person.role === "AUDITOR") throw invalid("an auditor cannot be accountable for an agent");
  return person;
}
