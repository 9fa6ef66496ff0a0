// The audit chain as raw SQLite rows: the page query and the row → event
// mapping shared by the streaming reader (audit-stream.ts) and the chain
// verification workers (lib/evidence/chain-segment-worker.ts). No Prisma here:
// a worker thread loads this without the database client.
import type { ChainedEvent } from "@/lib/domain/audit-chain";

/** Every stored field of an event, in the order of the row arrays below. */
export const AUDIT_COLUMNS = ["seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash"] as const;

/** Events with ? < seq ≤ ?, in order, at most ? of them. */
export const AUDIT_PAGE_SQL = `SELECT ${AUDIT_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "AuditEvent" WHERE "seq" > ? AND "seq" <= ? ORDER BY "seq" LIMIT ?`;

export function rowToChainedEvent(r: unknown[]): ChainedEvent {
  return {
    seq: r[0] as number,
    occurredAt: new Date(r[1] as string),
    type: r[2] as string,
    outcome: r[3] as string,
    actorType: r[4] as string,
    actorId: r[5] as string | null,
    actorLabel: r[6] as string | null,
    targetType: r[7] as string | null,
    targetId: r[8] as string | null,
    data: r[9] as string,
    requestId: r[10] as string | null,
    prevHash: r[11] as string,
    hash: r[12] as string,
  };
}
