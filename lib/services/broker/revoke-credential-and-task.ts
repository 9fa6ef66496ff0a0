// "This credential must die, with everything it was for": the credential, every
// other credential of its task, all their delegated children (one cascade in
// revokeCredentials), and the task itself, which ends as REVOKED so the agent
// cannot mint for it again. Used by leak reports and credential-leaked signals.
import type { Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { revokeCredentials, type RevocationTrigger } from "./revoke-credentials";

export async function revokeCredentialAndTask(
  tx: Tx,
  credential: { id: string; taskId: string },
  opts: { trigger: RevocationTrigger; reason: string; now: Date; actor: AuditEventInput["actor"]; requestId?: string },
): Promise<{ revoked: string[]; taskEnded: boolean }> {
  const revoked = await revokeCredentials(tx, { OR: [{ id: credential.id }, { taskId: credential.taskId }] }, { ...opts, target: { type: "task", id: credential.taskId } });
  const ended = await tx.task.updateMany({ where: { id: credential.taskId, status: "RUNNING" }, data: { status: "REVOKED", endedAt: opts.now, endReason: `${opts.trigger}: ${opts.reason}`.slice(0, 500) } });
  if (ended.count > 0) {
    await appendAuditEvent(tx, { type: "task.revoked", actor: opts.actor, target: { type: "task", id: credential.taskId }, data: { trigger: opts.trigger, credentialId: credential.id }, requestId: opts.requestId }, opts.now);
  }
  return { revoked, taskEnded: ended.count > 0 };
}

/** The people to tell about an agent: its current owner and backup. */
export async function ownersOf(tx: Tx, agentId: string) {
  const a = await tx.agentIdentity.findUnique({ where: { id: agentId }, select: { id: true, name: true, currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } });
  return a ? { id: a.id, name: a.name, ownerId: a.currentOwnership?.ownerId ?? null, backupOwnerId: a.currentOwnership?.backupOwnerId ?? null } : null;
}
