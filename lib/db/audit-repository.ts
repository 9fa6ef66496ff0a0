// The only code that touches AuditEvent. It can insert and read; it has no
// update or delete (and the database refuses both anyway).
import { chainEvent, createChainVerifier, type AuditEventInput, type ChainedEvent, type ChainVerification } from "@/lib/domain/audit-chain";
import { auditFacets } from "@/lib/domain/audit-facets";
import { providerOf, sqliteDirect, withTransaction, type Db, type Tx } from "./client";
import type { SqliteDirect } from "./sqlite-direct";
import { env } from "@/lib/env";

// Arbitrary constant: the transaction-scoped lock that serialises chain appends on PostgreSQL.
const AUDIT_CHAIN_LOCK = 4_242_001;

/**
 * Appends one event to the chain inside the caller's transaction, so the
 * change and its evidence commit or roll back together. On PostgreSQL an
 * advisory lock serialises appenders (held until commit); on SQLite the write
 * transaction already does, and the unique seq refuses any race.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput, now: Date): Promise<ChainedEvent> {
  if (providerOf(env().databaseUrl) === "postgresql") {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  }
  const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const event = chainEvent(input, head, now);
  await tx.auditEvent.create({ data: { ...event, ...auditFacets(input) } });
  return event;
}

export async function appendAuditEvents(tx: Tx, inputs: AuditEventInput[], now: Date): Promise<void> {
  for (const input of inputs) await appendAuditEvent(tx, input, now);
}

const AUDIT_COLUMNS = ["seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash"] as const;
const FACET_COLUMNS = ["agentId", "decisionId"] as const;
const INSERT_AUDIT = `INSERT INTO "AuditEvent" (${[...AUDIT_COLUMNS, ...FACET_COLUMNS].map((c) => `"${c}"`).join(", ")}) VALUES (${[...AUDIT_COLUMNS, ...FACET_COLUMNS].map(() => "?").join(", ")})`;

/**
 * appendAuditEvent for the broker's direct SQLite path (sqlite-direct.ts):
 * inside a direct transaction, which holds the database's only writer.
 */
export function appendAuditEventDirect(d: SqliteDirect, input: AuditEventInput, now: Date): ChainedEvent {
  const head = d.get<{ seq: number; hash: string }>(`SELECT "seq", "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1`) ?? null;
  const event = chainEvent(input, head, now);
  const facets = auditFacets(input);
  d.run(INSERT_AUDIT, ...AUDIT_COLUMNS.map((c) => event[c]), ...FACET_COLUMNS.map((c) => facets[c]));
  return event;
}

/** One event in a transaction of its own (evidence of something that changed nothing else, e.g. a refusal). */
export async function appendAuditEventAlone(db: Db, input: AuditEventInput, now: Date): Promise<void> {
  const direct = await sqliteDirect(db);
  if (direct) await direct.transaction((d) => appendAuditEventDirect(d, input, now));
  else await withTransaction(db, (tx) => appendAuditEvent(tx, input, now));
}

export const AUDIT_SELECT = {
  seq: true,
  occurredAt: true,
  type: true,
  outcome: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  targetType: true,
  targetId: true,
  data: true,
  requestId: true,
  prevHash: true,
  hash: true,
} as const;

/** Verifies the whole chain in pages, never holding it all in memory. */
export async function verifyStoredChain(db: Db, pageSize = 5000): Promise<ChainVerification> {
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: pageSize, select: AUDIT_SELECT });
    for (const e of page) if (!verifier.push(e)) return verifier.result();
    if (page.length < pageSize) return verifier.result();
    after = page[page.length - 1].seq;
  }
}

export async function listAuditEventsForTarget(db: Db, target: { type: string; id: string }, take = 50) {
  return db.auditEvent.findMany({
    where: { targetType: target.type, targetId: target.id },
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, occurredAt: true, type: true, outcome: true, actorLabel: true, actorType: true, data: true },
  });
}
