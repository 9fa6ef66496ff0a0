// Reads the audit chain in seq order, batch by batch, for whole-chain
// verification and evidence exports: never the whole table in memory. On
// SQLite the rows come through cached direct statements (lib/db/sqlite-direct.ts;
// Prisma costs ~10× more per row, which matters at a million events); on
// PostgreSQL through Prisma, in keyset pages.
import type { ChainedEvent } from "@/lib/domain/audit-chain";
import { sqliteDirect, type Db } from "./client";
import { AUDIT_SELECT } from "./audit-repository";
import { AUDIT_PAGE_SQL, rowToChainedEvent } from "./audit-rows";

/** Events with afterSeq < seq ≤ toSeq, in order, in batches of `batchSize`. */
export async function* streamAuditEvents(db: Db, range: { afterSeq: number; toSeq: number }, batchSize = 5000): AsyncGenerator<ChainedEvent[]> {
  const direct = await sqliteDirect(db);
  let after = range.afterSeq;
  while (after < range.toSeq) {
    let page: ChainedEvent[];
    if (direct) {
      page = direct.allRows(AUDIT_PAGE_SQL, after, range.toSeq, batchSize).map(rowToChainedEvent);
    } else {
      page = await db.auditEvent.findMany({ where: { seq: { gt: after, lte: range.toSeq } }, orderBy: { seq: "asc" }, take: batchSize, select: AUDIT_SELECT });
    }
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].seq;
    if (page.length < batchSize) return;
  }
}

export async function chainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  return db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
}

/** The hash of event `seq` (GENESIS for 0), or null when there is no such event. */
export async function hashAt(db: Db, seq: number): Promise<string | null> {
  const row = await db.auditEvent.findUnique({ where: { seq }, select: { hash: true } });
  return row?.hash ?? null;
}

/**
 * The contiguous chain segment of a period: from the first event at or after
 * `from` to the last event before `to`, by seq. Events inside that seq range
 * whose clock reads slightly outside the period (several instances) belong to
 * it too: a segment never has holes.
 */
export async function segmentForPeriod(db: Db, from: Date, to: Date): Promise<{ firstSeq: number; lastSeq: number } | null> {
  const first = await db.auditEvent.findFirst({ where: { occurredAt: { gte: from, lt: to } }, orderBy: { seq: "asc" }, select: { seq: true } });
  if (!first) return null;
  const last = await db.auditEvent.findFirst({ where: { occurredAt: { gte: from, lt: to } }, orderBy: { seq: "desc" }, select: { seq: true } });
  return { firstSeq: first.seq, lastSeq: last!.seq };
}
