// Killing credentials. Whatever the trigger, revocation cascades through the
// delegation tree (a child never outlives its parent), records its reason on
// every credential, and writes one audit event naming what died — all inside
// the caller's transaction, so the trigger and its effect commit together.
//
// It is also the revocation outbox: one RevocationEvent per credential that
// died, written after the audit event, i.e. while the audit chain's lock is
// held (PostgreSQL: a transaction-scoped advisory lock; SQLite: the write
// transaction). Every writer of RevocationEvent holds that lock until it
// commits, so the events' seq order is their commit order and a reader that
// resumes "after seq N" can never miss one committed later with a smaller seq.
import { afterCommit, providerOf, type Prisma, type Tx } from "@/lib/db/client";
import { appendAuditEvent, lockAuditChain } from "@/lib/db/audit-repository";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { env } from "@/lib/env";
import { REVOCATION_CHANNEL, wakeRevocationStreams } from "@/lib/services/revocations/revocation-signal";

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
  | "ceiling_changed"
  | "leaked"
  | "instance_restarted"
  | "posture_changed"
  | "session_revoked";

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
  const select = { id: true, jtiHash: true, audience: true, expiresAt: true } as const;
  const revoked: { id: string; jtiHash: string; audience: string; expiresAt: Date; trigger: string }[] = [];
  let frontier = await tx.credential.findMany({ where: { AND: [where, live] }, select });
  // The credentials the trigger named carry its reason; their descendants died
  // because their parent did, and say so (followed by the parent's reason).
  let reason = `${opts.trigger}: ${opts.reason}`;
  let trigger: string = opts.trigger;
  while (frontier.length > 0) {
    const ids = frontier.map((c) => c.id);
    await tx.credential.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: opts.now, revokeReason: reason.slice(0, 500) } });
    revoked.push(...frontier.map((c) => ({ ...c, trigger })));
    if (!reason.startsWith("parent_revoked: ")) reason = `parent_revoked: ${reason}`;
    trigger = "parent_revoked";
    frontier = await tx.credential.findMany({ where: { parentId: { in: ids }, ...live }, select });
  }
  if (revoked.length > 0) {
    const ids = revoked.map((c) => c.id);
    await appendAuditEvent(
      tx,
      {
        type: "credential.revoked",
        actor: opts.actor,
        target: opts.target ?? (revoked.length === 1 ? { type: "credential", id: ids[0] } : null),
        data: { trigger: opts.trigger, reason: opts.reason, count: revoked.length, credentialIds: ids.slice(0, MAX_IDS_IN_EVIDENCE), truncated: revoked.length > MAX_IDS_IN_EVIDENCE },
        requestId: opts.requestId,
      },
      opts.now,
    );
    await recordRevocationEvents(tx, revoked, opts.now);
  }
  return revoked.map((c) => c.id);
}

const OUTBOX_CHUNK = 500;

/** The outbox rows, in the order the credentials died; the stream is woken once this commits. */
async function recordRevocationEvents(tx: Tx, revoked: { id: string; jtiHash: string; audience: string; expiresAt: Date; trigger: string }[], now: Date) {
  // Inside withAuditAtCommit the audit event above is only queued, and the
  // chain lock not yet taken: take it now, so seq order stays commit order.
  await lockAuditChain(tx);
  for (let i = 0; i < revoked.length; i += OUTBOX_CHUNK) {
    await tx.revocationEvent.createMany({
      data: revoked.slice(i, i + OUTBOX_CHUNK).map((c) => ({ credentialId: c.id, jtiHash: c.jtiHash, audience: c.audience, trigger: c.trigger, revokedAt: now, expiresAt: c.expiresAt })),
    });
  }
  // PostgreSQL delivers a NOTIFY only when (and if) the transaction commits:
  // every instance's stream hears it, in commit order.
  if (providerOf(env().databaseUrl) === "postgresql") await tx.$executeRaw`SELECT pg_notify(${REVOCATION_CHANNEL}, '')`;
  afterCommit(tx, wakeRevocationStreams);
}
