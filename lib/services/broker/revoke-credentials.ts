// Killing credentials. Whatever the trigger, revocation cascades through the
// delegation tree (a child never outlives its parent), records its reason on
// every credential, and writes one audit event naming what died — all inside
// the caller's transaction, so the trigger and its effect commit together.
import type { Prisma, Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { AuditEventInput } from "@/lib/domain/audit-chain";

export type RevocationTrigger =
  | "agent_revoked"
  | "task_completed"
  | "task_failed"
  | "parent_revoked"
  | "agent_suspended"
  | "agent_decommissioned"
  | "owner_lost"
  | "manual"
  | "break_glass"
  | "policy_change"
  | "rate_guard"
  | "ceiling_changed";

const MAX_IDS_IN_EVIDENCE = 500;

/**
 * Revokes the live credentials matching `where` and all their live
 * descendants. Returns the ids that were revoked by this call.
 */
export async function revokeCredentials(
  tx: Tx,
  where: Prisma.CredentialWhereInput,
  opts: { trigger: RevocationTrigger; reason: string; now: Date; actor: AuditEventInput["actor"]; requestId?: string; target?: AuditEventInput["target"] },
): Promise<string[]> {
  const live = { revokedAt: null, expiresAt: { gt: opts.now } } satisfies Prisma.CredentialWhereInput;
  const revoked: string[] = [];
  let frontier = (await tx.credential.findMany({ where: { AND: [where, live] }, select: { id: true } })).map((c) => c.id);
  // The credentials the trigger named carry its reason; their descendants died
  // because their parent did, and say so (followed by the parent's reason).
  let reason = `${opts.trigger}: ${opts.reason}`;
  while (frontier.length > 0) {
    await tx.credential.updateMany({ where: { id: { in: frontier }, revokedAt: null }, data: { revokedAt: opts.now, revokeReason: reason.slice(0, 500) } });
    if (!reason.startsWith("parent_revoked: ")) reason = `parent_revoked: ${reason}`;
    revoked.push(...frontier);
    frontier = (await tx.credential.findMany({ where: { parentId: { in: frontier }, ...live }, select: { id: true } })).map((c) => c.id);
  }
  if (revoked.length > 0) {
    await appendAuditEvent(
      tx,
      {
        type: "credential.revoked",
        actor: opts.actor,
        target: opts.target ?? (revoked.length === 1 ? { type: "credential", id: revoked[0] } : null),
        data: { trigger: opts.trigger, reason: opts.reason, count: revoked.length, credentialIds: revoked.slice(0, MAX_IDS_IN_EVIDENCE), truncated: revoked.length > MAX_IDS_IN_EVIDENCE },
        requestId: opts.requestId,
      },
      opts.now,
    );
  }
  return revoked;
}
