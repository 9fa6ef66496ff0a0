// Which audit events belong to a filtered export: those about the chosen
// agents (or the agents the chosen owners own or back up, at any time) and
// those about or by the chosen owners. An event is "about" an agent when the
// agent acted, is the target, is named in the data (agentId), or owns the
// credential, task, step-up or decision the event targets — looked up in the
// database once per batch, never per row.
import type { ChainedEvent } from "@/lib/domain/audit-chain";
import type { Db } from "@/lib/db/client";

export type EventFilter = { isActive: boolean; select(batch: ChainedEvent[]): Promise<ChainedEvent[]> };

const OWNED_TARGETS = ["credential", "task", "step_up", "decision"] as const;

export async function createEventFilter(db: Db, filters: { agentIds: string[]; ownerIds: string[] }): Promise<EventFilter> {
  if (filters.agentIds.length === 0 && filters.ownerIds.length === 0) return { isActive: false, select: async (b) => b };
  const owners = new Set(filters.ownerIds);
  const agents = new Set(filters.agentIds);
  if (owners.size > 0) {
    const held = await db.ownership.findMany({ where: { OR: [{ ownerId: { in: [...owners] } }, { backupOwnerId: { in: [...owners] } }] }, select: { agentId: true } });
    for (const o of held) agents.add(o.agentId);
  }

  const direct = (e: ChainedEvent): boolean => {
    if (e.actorId && ((e.actorType === "AGENT" && agents.has(e.actorId)) || (e.actorType === "USER" && owners.has(e.actorId)))) return true;
    if (e.targetId && ((e.targetType === "agent" && agents.has(e.targetId)) || (e.targetType === "user" && owners.has(e.targetId)))) return true;
    if (e.data.includes('"agentId"')) {
      const agentId = (JSON.parse(e.data) as { agentId?: unknown }).agentId;
      if (typeof agentId === "string" && agents.has(agentId)) return true;
    }
    return false;
  };

  return {
    isActive: true,
    async select(batch) {
      const undecided = batch.filter((e) => !direct(e) && e.targetId && (OWNED_TARGETS as readonly string[]).includes(e.targetType ?? ""));
      const ownerOf = new Map<string, string | null>();
      for (const type of OWNED_TARGETS) {
        const ids = [...new Set(undecided.filter((e) => e.targetType === type).map((e) => e.targetId!))];
        if (ids.length === 0) continue;
        const where = { id: { in: ids } };
        const rows: { id: string; agentId: string | null }[] =
          type === "credential" ? await db.credential.findMany({ where, select: { id: true, agentId: true } })
          : type === "task" ? await db.task.findMany({ where, select: { id: true, agentId: true } })
          : type === "step_up" ? await db.stepUpRequest.findMany({ where, select: { id: true, agentId: true } })
          : await db.decision.findMany({ where, select: { id: true, agentId: true } });
        for (const r of rows) ownerOf.set(`${type}:${r.id}`, r.agentId);
      }
      return batch.filter((e) => {
        if (direct(e)) return true;
        const agentId = e.targetId ? ownerOf.get(`${e.targetType}:${e.targetId}`) : undefined;
        return typeof agentId === "string" && agents.has(agentId);
      });
    },
  };
}
