// The "introspected" step of a credential's life: the first time a resource
// server learns that a credential is active is evidence (which system relied on
// it, and when). Only the first: later introspections cost no write, so the
// read path stays a read path.
import { appendAuditEvent, appendAuditEventDirect } from "@/lib/db/audit-repository";
import { sqliteDirect, withTransaction, type Db } from "@/lib/db/client";
import type { AuditEventInput } from "@/lib/domain/audit-chain";

export type FirstIntrospection = {
  credentialId: string;
  agentId: string;
  resource: { id: string; name: string; audience: string };
  now: Date;
  requestId?: string;
};

function event(i: FirstIntrospection): AuditEventInput {
  return {
    type: "credential.introspected",
    actor: { type: "SYSTEM", id: i.resource.id, label: `resource ${i.resource.name}` },
    target: { type: "credential", id: i.credentialId },
    data: { agentId: i.agentId, resourceId: i.resource.id, audience: i.resource.audience, first: true },
    requestId: i.requestId ?? null,
  };
}

/** Records the first active introspection once, however many resources race for it. */
export async function recordFirstIntrospection(db: Db, i: FirstIntrospection): Promise<void> {
  const direct = await sqliteDirect(db);
  if (direct) {
    await direct.transaction((d) => {
      const changed = d.run(`UPDATE "Credential" SET "firstIntrospectedAt" = ? WHERE "id" = ? AND "firstIntrospectedAt" IS NULL`, i.now, i.credentialId);
      if (changed === 1) appendAuditEventDirect(d, event(i), i.now);
    });
    return;
  }
  await withTransaction(db, async (tx) => {
    const changed = await tx.credential.updateMany({ where: { id: i.credentialId, firstIntrospectedAt: null }, data: { firstIntrospectedAt: i.now } });
    if (changed.count === 1) await appendAuditEvent(tx, event(i), i.now);
  });
}
