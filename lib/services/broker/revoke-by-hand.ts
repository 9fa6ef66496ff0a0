// People revoking credentials: one credential, one task, everything of an
// agent (owners of it, security leads, admins), and break-glass for everything
// of an owner or of everyone (security leads and admins). Each needs a reason.
import { AppError } from "@/lib/errors";
import { canManageAgent } from "@/lib/auth/permissions";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { TBreakGlass } from "@/lib/schemas/broker";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { revokeCredentials } from "./revoke-credentials";

async function assertCanManage(tx: Tx, actor: Actor, agentId: string) {
  const agent = await tx.agentIdentity.findUnique({ where: { id: agentId }, select: { currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } });
  if (!agent) throw new AppError("not_found", `no agent with id ${agentId}`);
  if (!canManageAgent(actor, { ownerId: agent.currentOwnership?.ownerId ?? null, backupOwnerId: agent.currentOwnership?.backupOwnerId ?? null })) {
    throw new AppError("forbidden", "you can revoke credentials only of agents you own or back up (security leads and admins: any)");
  }
}

export async function revokeCredentialByHand(ctx: ServiceContext, actor: Actor, credentialId: string, reason: string) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const c = await tx.credential.findUnique({ where: { id: credentialId }, select: { id: true, agentId: true, revokedAt: true, expiresAt: true } });
    if (!c) throw new AppError("not_found", `no credential with id ${credentialId}`);
    await assertCanManage(tx, actor, c.agentId);
    if (c.revokedAt) throw new AppError("conflict", "the credential is already revoked");
    if (c.expiresAt <= now) throw new AppError("conflict", "the credential has already expired");
    const revoked = await revokeCredentials(tx, { id: c.id }, { trigger: "manual", reason, now, actor: auditActor(actor), requestId: ctx.requestId, target: { type: "credential", id: c.id } });
    return { revoked: revoked.length, credentialIds: revoked };
  });
}

export async function revokeTaskByHand(ctx: ServiceContext, actor: Actor, taskId: string, reason: string) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const task = await tx.task.findUnique({ where: { id: taskId }, select: { id: true, agentId: true, status: true } });
    if (!task) throw new AppError("not_found", `no task with id ${taskId}`);
    await assertCanManage(tx, actor, task.agentId);
    if (task.status !== "RUNNING") throw new AppError("conflict", `the task already ended (${task.status.toLowerCase()})`);
    await tx.task.update({ where: { id: task.id }, data: { status: "REVOKED", endedAt: now, endReason: reason } });
    await appendAuditEvent(tx, { type: "task.revoked", actor: auditActor(actor), target: { type: "task", id: task.id }, data: { agentId: task.agentId, reason }, requestId: ctx.requestId }, now);
    const revoked = await revokeCredentials(tx, { taskId: task.id }, { trigger: "manual", reason, now, actor: auditActor(actor), requestId: ctx.requestId, target: { type: "task", id: task.id } });
    return { revoked: revoked.length };
  });
}

export async function revokeAllForAgent(ctx: ServiceContext, actor: Actor, agentId: string, reason: string) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    await assertCanManage(tx, actor, agentId);
    const revoked = await revokeCredentials(tx, { agentId }, { trigger: "manual", reason, now, actor: auditActor(actor), requestId: ctx.requestId, target: { type: "agent", id: agentId } });
    if (revoked.length === 0) await appendAuditEvent(tx, { type: "credential.revoke_all_requested", actor: auditActor(actor), target: { type: "agent", id: agentId }, data: { reason, count: 0 }, requestId: ctx.requestId }, now);
    return { revoked: revoked.length };
  });
}

export async function breakGlass(ctx: ServiceContext, actor: Actor, input: TBreakGlass) {
  requirePermission(actor, "credentials:break-glass");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    let where = {};
    if (input.scope === "owner") {
      const owner = await tx.user.findUnique({ where: { id: input.ownerId }, select: { id: true, email: true } });
      if (!owner) throw new AppError("validation_failed", "ownerId: no person with this id", { invalidParams: [{ name: "ownerId", reason: "no person with this id" }] });
      where = { agent: { currentOwnership: { ownerId: owner.id } } };
    }
    await appendAuditEvent(tx, { type: "security.break_glass", outcome: "SUCCESS", actor: auditActor(actor), target: input.scope === "owner" ? { type: "user", id: input.ownerId } : null, data: { scope: input.scope, reason: input.reason }, requestId: ctx.requestId }, now);
    const revoked = await revokeCredentials(tx, where, { trigger: "break_glass", reason: input.reason, now, actor: auditActor(actor), requestId: ctx.requestId });
    return { revoked: revoked.length };
  });
}
