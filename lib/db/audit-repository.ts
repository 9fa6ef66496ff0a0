// The only code that touches AuditEvent. It can insert and read; it has no
// update or delete (and the database refuses both anyway).
import { chainEvent, createChainVerifier, eventHashInputParts, unlinkedEvent, type AuditEventInput, type ChainedEvent, type ChainVerification } from "@/lib/domain/audit-chain";
import { PolicyChangedError } from "./policy-errors";
import { auditFacets } from "@/lib/domain/audit-facets";
import { providerOf, sqliteDirect, withTransaction, type Db, type Tx } from "./client";
import type { SqliteDirect } from "./sqlite-direct";
import { env } from "@/lib/env";

// Arbitrary constant: the transaction-scoped lock that serialises chain appends on PostgreSQL.
const AUDIT_CHAIN_LOCK = 4_242_001;

/**
 * Takes the chain lock for the rest of the caller's transaction (PostgreSQL;
 * re-entrant). appendAuditEvent takes it anyway; a writer that must order
 * itself against every audited write before it appends (a policy activation,
 * the policy fence) takes it first.
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  if (providerOf(env().databaseUrl) === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
}

/**
 * Appends one event to the chain inside the caller's transaction, so the
 * change and its evidence commit or roll back together. On PostgreSQL an
 * advisory lock serialises appenders (held until commit); on SQLite the write
 * transaction already does, and the unique seq refuses any race. Inside
 * withAuditAtCommit the event is queued and appended at the transaction's end.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput, now: Date): Promise<void> {
  const queued = atCommit.get(tx);
  if (queued) {
    queued.events.push({ input, now });
    return;
  }
  await lockAuditChain(tx);
  const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const event = chainEvent(input, head, now);
  await tx.auditEvent.create({ data: { ...event, ...auditFacets(input) } });
}

type AtCommit = { events: { input: AuditEventInput; now: Date }[]; policyVersion?: number };
const atCommit = new WeakMap<Tx, AtCommit>();

/**
 * Runs `body` with every audit event it appends queued, then appends them —
 * with the policy fence, if one was asked for — as the last statement before
 * COMMIT. On PostgreSQL that is one statement (mandate_append_audit_events:
 * take the chain lock, check the policy version, read the head, hash and
 * insert); on SQLite the same steps run from here.
 *
 * Why: on PostgreSQL the chain lock is held from the moment it is taken until
 * COMMIT, and every instance's audited writes wait for it. Appending as the
 * transaction went (lock, read the head, insert — per event, with other
 * statements in between) held it for every round trip after the first event.
 * Measured with two instances on a busy 2-core machine, the holder was mostly
 * "idle in transaction" — waiting for its own process to send the next
 * statement — with every other request queued behind it. Now the lock is held
 * for the call and the COMMIT. Nothing in such a body may read the events it
 * appended (none does: the chain is write-only here).
 */
export async function withAuditAtCommit<T>(tx: Tx, body: () => Promise<T>): Promise<T> {
  const queued: AtCommit = { events: [] };
  atCommit.set(tx, queued);
  let result: T;
  try {
    result = await body();
  } finally {
    atCommit.delete(tx);
  }
  if (queued.events.length === 0 && queued.policyVersion === undefined) return result;
  if (providerOf(env().databaseUrl) === "postgresql") {
    const events = queued.events.map(({ input, now }) => {
      const e = unlinkedEvent(input, now);
      return { ...e, occurredAt: now.toISOString(), ...eventHashInputParts(e), ...auditFacets(input) };
    });
    // One statement: lock, policy fence, head, hash, insert. A fence failure
    // is an error of this statement, so the transaction rolls back normally.
    // (Appending in a deferred trigger during COMMIT would hold the lock for
    // less time, but a COMMIT that fails leaks the connection from the pool
    // of Prisma's PostgreSQL adapter — measured: tests/cluster/policy-fence.test.ts.)
    await tx.$queryRawUnsafe(`SELECT mandate_append_audit_events($1::jsonb, $2::integer) AS "seq"`, JSON.stringify(events), queued.policyVersion ?? null);
    return result;
  }
  await lockAuditChain(tx);
  if (queued.policyVersion !== undefined) await checkActivePolicy(tx, queued.policyVersion);
  let head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const rows = [];
  for (const { input, now } of queued.events) {
    const event = chainEvent(input, head, now);
    rows.push({ ...event, ...auditFacets(input) });
    head = { seq: event.seq, hash: event.hash };
  }
  if (rows.length) await tx.auditEvent.createMany({ data: rows });
  return result;
}

/**
 * The policy fence (lib/db/policy-fence.ts): `version` must still be the
 * active policy version while this transaction holds the chain lock — checked
 * at once, or, inside withAuditAtCommit, at commit under the lock.
 */
export async function requireActivePolicyUnderChainLock(tx: Tx, version: number): Promise<void> {
  const queued = atCommit.get(tx);
  if (queued) {
    queued.policyVersion = version;
    return;
  }
  await lockAuditChain(tx);
  await checkActivePolicy(tx, version);
}

async function checkActivePolicy(tx: Tx, version: number): Promise<void> {
  const active = await tx.policySet.findFirst({ where: { active: true }, orderBy: { version: "desc" }, select: { version: true } });
  if (active?.version !== version) throw new PolicyChangedError(version, active?.version ?? null);
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
