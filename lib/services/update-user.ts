// Changes a person: name, role, password, or active. Deactivation ends their
// sessions and tokens at once and leaves the agents they own unowned — those
// agents are named in the evidence. The last active admin cannot be removed.
import { AppError } from "@/lib/errors";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { USER_PUBLIC_SELECT, toUserView } from "@/lib/db/user-repository";
import { hashPassword } from "@/lib/auth/password";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import type { TUpdateUser } from "@/lib/schemas/user";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";
import { revokeCredentials } from "./broker/revoke-credentials";
import { refreshAgentPosture } from "./posture/refresh-agent-posture";

async function agentsOwnedBy(tx: Tx, userId: string) {
  return tx.agentIdentity.findMany({
    where: { currentOwnership: { ownerId: userId }, status: { not: "DECOMMISSIONED" } },
    select: { id: true, name: true },
  });
}

export async function updateUser(ctx: ServiceContext, actor: Actor, id: string, input: TUpdateUser) {
  requirePermission(actor, "people:manage");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const now = ctx.now();
  // Agents whose posture this change may alter (the person owns or backs them up), evaluated after commit.
  let affectedAgents: string[] = [];
  const view = await withTransaction(ctx.db, async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { ...USER_PUBLIC_SELECT, sessionVersion: true } });
    if (!before) throw new AppError("not_found", `no person with id ${id}`);

    const deactivating = input.active === false && before.active;
    const reactivating = input.active === true && !before.active;
    const leavingAdmin = before.role === "ADMIN" && before.active && (deactivating || (input.role !== undefined && input.role !== "ADMIN"));
    if (leavingAdmin) {
      const admins = await tx.user.count({ where: { role: "ADMIN", active: true } });
      if (admins <= 1) throw new AppError("conflict", "this is the last active admin: make someone else an admin first");
    }
    if (deactivating && before.id === actor.id) throw new AppError("conflict", "you cannot deactivate yourself");
    if (input.role === "AUDITOR" && before.role !== "AUDITOR") {
      // Auditors change nothing, so they cannot be accountable for an agent.
      const accountable = await tx.ownership.count({ where: { endedAt: null, OR: [{ ownerId: id }, { backupOwnerId: id }], agent: { status: { not: "DECOMMISSIONED" } } } });
      if (accountable > 0) throw new AppError("conflict", `this person is owner or backup of ${accountable} agent(s): assign them to someone else before making them an auditor`);
    }

    const roleChanged = input.role !== undefined && input.role !== before.role;
    // Sessions carry the version they were issued with; bumping it ends them.
    const endSessions = deactivating || roleChanged || passwordHash !== undefined;
    const after = await tx.user.update({
      where: { id },
      data: {
        name: input.name,
        role: input.role,
        passwordHash,
        active: input.active,
        deactivatedAt: deactivating ? now : reactivating ? null : undefined,
        sessionVersion: endSessions ? { increment: 1 } : undefined,
      },
      select: USER_PUBLIC_SELECT,
    });

    const base = { actor: auditActor(actor), target: { type: "user", id }, requestId: ctx.requestId };
    const events: AuditEventInput[] = [];
    const changes: Record<string, { from: string; to: string }> = {};
    if (input.name !== undefined && input.name !== before.name) changes.name = { from: before.name, to: after.name };
    if (roleChanged) changes.role = { from: before.role, to: after.role };
    if (Object.keys(changes).length || passwordHash) {
      events.push({ ...base, type: "user.updated", data: { changes, passwordReset: passwordHash !== undefined, email: after.email } });
    }
    if (deactivating) {
      // Their personal access tokens are revoked, not merely refused while they are
      // inactive: reactivating someone must not bring back tokens issued before they left.
      const tokens = await tx.personalAccessToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
      const unowned = await agentsOwnedBy(tx, id);
      events.push({ ...base, type: "user.deactivated", data: { email: after.email, agentsLeftUnowned: unowned.map((a) => a.id), accessTokensRevoked: tokens.count } });
      for (const agent of unowned) {
        events.push({
          ...base,
          type: "agent.owner_lost",
          target: { type: "agent", id: agent.id },
          data: { agentName: agent.name, formerOwnerId: id, formerOwnerEmail: after.email, reason: "owner deactivated" },
        });
      }
    }
    if (reactivating) events.push({ ...base, type: "user.reactivated", data: { email: after.email } });
    await appendAuditEvents(tx, events, now);
    if (deactivating || reactivating) {
      const accountable = await tx.ownership.findMany({ where: { endedAt: null, OR: [{ ownerId: id }, { backupOwnerId: id }], currentOf: { status: { not: "DECOMMISSIONED" } } }, select: { agentId: true } });
      affectedAgents = accountable.map((o) => o.agentId);
    }
    if (deactivating) {
      // Unowned means unusable: the agents this person was accountable for lose their live credentials now.
      await revokeCredentials(tx, { agent: { currentOwnership: { ownerId: id } } }, { trigger: "owner_lost", reason: `owner ${after.email} deactivated`, now, actor: auditActor(actor), requestId: ctx.requestId });
    }
    return toUserView(after);
  });
  // Their agents become unowned findings at once (and resolve again on reactivation).
  await refreshAgentPosture(ctx, affectedAgents);
  return view;
}
