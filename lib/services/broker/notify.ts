// In-app notifications for the people accountable for an agent.
import type { Tx } from "@/lib/db/client";

export async function notifyOwners(
  tx: Tx,
  agent: { id: string; ownerId: string | null; backupOwnerId: string | null },
  n: { kind: string; title: string; body: string; subject?: string },
  now: Date,
): Promise<void> {
  const people = [agent.ownerId, agent.backupOwnerId].filter((x): x is string => !!x);
  for (const userId of new Set(people)) {
    await tx.notification.create({ data: { userId, kind: n.kind, title: n.title.slice(0, 200), body: n.body.slice(0, 2000), subject: n.subject ?? `agent:${agent.id}`, createdAt: now } });
  }
}
