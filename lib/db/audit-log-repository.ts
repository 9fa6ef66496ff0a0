// The log browser's reads over AuditEvent (joined to Decision), in SQL that
// both engines run. Keyset order: (occurredAt DESC, seq DESC) — seq breaks
// ties of time, so the order is total and stable while events are appended.
//
// Filters on indexed columns (time, agent, type, the cursor) narrow the scan;
// the others (decision outcome, owner, action, audience, policy, intent text)
// are checked on candidate events in chunks of SCAN_CHUNK, at most SCAN_BUDGET
// per request. A page
// that runs out of budget before it is full says so and carries a cursor to
// continue from where it stopped: no filter can turn one request into a scan
// of a million rows.
import { dbProvider, Prisma, type Db } from "./client";
import { sqliteValue } from "./sqlite-direct";
import type { LogPosition } from "@/lib/domain/log-cursor";
import type { TLogFilters } from "@/lib/schemas/audit-log";

const sql = Prisma.sql;
export const SCAN_BUDGET = 20_000;

/** A timestamp parameter as each engine compares it (SQLite stores Prisma's ISO text; PostgreSQL timestamp(3) in UTC). */
function ts(d: Date): Prisma.Sql {
  return dbProvider() === "sqlite" ? sql`${sqliteValue(d)}` : sql`CAST(${d.toISOString()} AS timestamp(3))`;
}

/** LIKE pattern for a literal substring (escape character: backslash). */
function contains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type LogRow = {
  seq: number;
  occurredAt: Date;
  type: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  agentId: string | null;
  decisionId: string | null;
  decisionOutcome: string | null;
  decisionAudience: string | null;
  decisionActions: string | null;
  decisionIntent: string | null;
  decisionPolicyVersion: number | null;
};

type RawRow = Omit<LogRow, "seq" | "occurredAt" | "decisionPolicyVersion"> & { seq: number | bigint; occurredAt: Date | string; decisionPolicyVersion: number | bigint | null };

export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toRow(r: RawRow): LogRow {
  return { ...r, seq: Number(r.seq), occurredAt: toDate(r.occurredAt), decisionPolicyVersion: r.decisionPolicyVersion === null ? null : Number(r.decisionPolicyVersion) };
}

function indexedConditions(f: TLogFilters, after: LogPosition | null): Prisma.Sql[] {
  const w: Prisma.Sql[] = [];
  if (f.from) w.push(sql`e."occurredAt" >= ${ts(f.from)}`);
  if (f.to) w.push(sql`e."occurredAt" < ${ts(f.to)}`);
  if (f.agentId) w.push(sql`e."agentId" = ${f.agentId}`);
  if (f.type?.endsWith(".*")) {
    // A kind of event (credential.*) as a range, so the type index serves it.
    // SQLite compares text bytewise ("." + 1 = "/"); PostgreSQL's collation may not, so it gets a LIKE.
    const prefix = f.type.slice(0, -1);
    if (dbProvider() === "sqlite") w.push(sql`e."type" >= ${prefix} AND e."type" < ${prefix.slice(0, -1) + "/"}`);
    else w.push(sql`e."type" LIKE ${contains(prefix).slice(1)} ESCAPE '\\'`);
  } else if (f.type) w.push(sql`e."type" = ${f.type}`);
  if (after) w.push(sql`(e."occurredAt" < ${ts(after.occurredAt)} OR (e."occurredAt" = ${ts(after.occurredAt)} AND e."seq" < ${after.seq}))`);
  return w;
}

function residualConditions(f: TLogFilters): { conditions: Prisma.Sql[]; needsDecision: boolean } {
  const w: Prisma.Sql[] = [];
  let needsDecision = false;
  const onDecision = (c: Prisma.Sql) => {
    needsDecision = true;
    w.push(c);
  };
  if (f.outcome === "SUCCESS" || f.outcome === "FAILURE") w.push(sql`e."outcome" = ${f.outcome}`);
  else if (f.outcome) onDecision(sql`d."outcome" = ${f.outcome}`);
  if (f.ownerId) onDecision(sql`d."ownerId" = ${f.ownerId}`);
  if (f.audience) onDecision(sql`d."audience" = ${f.audience}`);
  if (f.policyVersion !== undefined) onDecision(sql`d."policyVersion" = ${f.policyVersion}`);
  if (f.action) onDecision(sql`d."actions" LIKE ${contains(JSON.stringify(f.action))} ESCAPE '\\'`);
  if (f.policyId) onDecision(sql`d."reasons" LIKE ${contains(`"policyId":${JSON.stringify(f.policyId)}`)} ESCAPE '\\'`);
  if (f.q) onDecision(sql`LOWER(d."intent") LIKE ${contains(f.q.toLowerCase())} ESCAPE '\\'`);
  return { conditions: w, needsDecision };
}

/**
 * LIMITs are written into the SQL, not bound: with a bound LIMIT on the
 * candidate subquery SQLite cannot size it, and at a million events it chose to
 * drive the join from Decision instead (seconds instead of milliseconds).
 */
function limit(n: number): Prisma.Sql {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invalid LIMIT ${n}`);
  return Prisma.raw(`LIMIT ${n}`);
}

const where = (conditions: Prisma.Sql[]) => (conditions.length ? sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty);

const COLUMNS = sql`e."seq", e."occurredAt", e."type", e."outcome", e."actorType", e."actorId", e."actorLabel", e."targetType", e."targetId", e."agentId", e."decisionId",
  d."outcome" AS "decisionOutcome", d."audience" AS "decisionAudience", d."actions" AS "decisionActions", d."intent" AS "decisionIntent", d."policyVersion" AS "decisionPolicyVersion"`;
const ORDER = sql`ORDER BY e."occurredAt" DESC, e."seq" DESC`;

export type LogPageRows = {
  rows: LogRow[];
  /** Set when the scan budget ran out before the page filled: where the next request should continue. */
  budgetExhaustedAt: LogPosition | null;
};

/** Candidates are examined in chunks, so a filter that matches often stops after the first one. */
export const SCAN_CHUNK = 2_500;

/** Up to `take` matching events after `after`, newest first. */
export async function findLogRows(db: Db, filters: TLogFilters, after: LogPosition | null, take: number, budget = SCAN_BUDGET, chunkSize = SCAN_CHUNK): Promise<LogPageRows> {
  const residual = residualConditions(filters);
  const join = residual.needsDecision ? sql`JOIN "Decision" d ON d."id" = e."decisionId"` : sql`LEFT JOIN "Decision" d ON d."id" = e."decisionId"`;
  if (residual.conditions.length === 0) {
    const raw = await db.$queryRaw<RawRow[]>(sql`SELECT ${COLUMNS} FROM "AuditEvent" e ${join} ${where(indexedConditions(filters, after))} ${ORDER} ${limit(take)}`);
    return { rows: raw.map(toRow), budgetExhaustedAt: null };
  }
  const rows: LogRow[] = [];
  let from = after;
  let scanned = 0;
  while (scanned < budget) {
    const chunk = Math.min(chunkSize, budget - scanned);
    // The candidates carry decisionId from the index, so decision filters are checked before the event row is read.
    const candidates = sql`SELECT e."seq", e."occurredAt", e."decisionId" FROM "AuditEvent" e ${where(indexedConditions(filters, from))} ${ORDER} ${limit(chunk)}`;
    // The chunk drives the join: SQLite takes CROSS JOIN's left side as the
    // outer loop. Otherwise an index led by a filtered column (Decision's
    // outcome-leading usage index) tempts it to read every matching decision
    // in the database and probe the chunk — 0.4 s instead of 8 ms for
    // "outcome = DENY" at a million events. PostgreSQL plans it as it likes.
    const decisionJoin = residual.needsDecision ? sql`CROSS JOIN "Decision" d` : sql`LEFT JOIN "Decision" d ON d."id" = c."decisionId"`;
    const conditions = residual.needsDecision ? [sql`d."id" = c."decisionId"`, ...residual.conditions] : residual.conditions;
    const raw = await db.$queryRaw<RawRow[]>(
      sql`SELECT ${COLUMNS} FROM (${candidates}) c ${decisionJoin} JOIN "AuditEvent" e ON e."seq" = c."seq" ${where(conditions)} ${ORDER} ${limit(take - rows.length)}`,
    );
    rows.push(...raw.map(toRow));
    if (rows.length === take) return { rows, budgetExhaustedAt: null };
    // Where this chunk ended, and whether the index had that many rows left at all.
    const edge = await db.$queryRaw<{ n: number | bigint; occurredAt: Date | string; seq: number | bigint }[]>(
      sql`WITH c AS (${candidates}) SELECT (SELECT COUNT(*) FROM c) AS "n", c."occurredAt", c."seq" FROM c ORDER BY c."occurredAt" ASC, c."seq" ASC LIMIT 1`,
    );
    const last = edge[0];
    if (!last || Number(last.n) < chunk) return { rows, budgetExhaustedAt: null };
    scanned += chunk;
    from = { occurredAt: toDate(last.occurredAt), seq: Number(last.seq) };
  }
  return { rows, budgetExhaustedAt: from };
}

/** Events that belong to one decision (its record, issuance, step-up), oldest first. */
export async function findEventsOfDecision(db: Db, decisionId: string, take = 100) {
  return db.auditEvent.findMany({ where: { decisionId }, orderBy: { seq: "asc" }, take, select: EVENT_SUMMARY });
}

export const EVENT_SUMMARY = { seq: true, occurredAt: true, type: true, outcome: true, actorType: true, actorId: true, actorLabel: true, targetType: true, targetId: true, data: true } as const;

/** Decisions per hour (or day) by outcome in [from, to). */
export async function countDecisionsByBucket(db: Db, range: { from: Date; to: Date; agentId?: string }, bucket: "hour" | "day") {
  const key =
    dbProvider() === "sqlite"
      ? bucket === "hour" ? sql`substr("createdAt", 1, 13)` : sql`substr("createdAt", 1, 10)`
      : bucket === "hour" ? sql`to_char("createdAt", 'YYYY-MM-DD"T"HH24')` : sql`to_char("createdAt", 'YYYY-MM-DD')`;
  const agent = range.agentId ? sql`AND "agentId" = ${range.agentId}` : Prisma.empty;
  const rows = await db.$queryRaw<{ bucket: string; outcome: string; n: number | bigint }[]>(
    sql`SELECT ${key} AS "bucket", "outcome", COUNT(*) AS "n" FROM "Decision" WHERE "createdAt" >= ${ts(range.from)} AND "createdAt" < ${ts(range.to)} ${agent} GROUP BY 1, 2 ORDER BY 1`,
  );
  return rows.map((r) => ({ bucket: r.bucket, outcome: r.outcome, count: Number(r.n) }));
}

/** The agents denied most often in [from, to). */
export async function topDeniedAgents(db: Db, range: { from: Date; to: Date; agentId?: string }, take = 10) {
  const agent = range.agentId ? sql`AND d."agentId" = ${range.agentId}` : Prisma.empty;
  const rows = await db.$queryRaw<{ agentId: string; name: string | null; n: number | bigint }[]>(
    sql`SELECT d."agentId", a."name", COUNT(*) AS "n" FROM "Decision" d LEFT JOIN "AgentIdentity" a ON a."id" = d."agentId"
        WHERE d."outcome" = 'DENY' AND d."agentId" IS NOT NULL AND d."createdAt" >= ${ts(range.from)} AND d."createdAt" < ${ts(range.to)} ${agent}
        GROUP BY d."agentId", a."name" ORDER BY COUNT(*) DESC, d."agentId" ASC ${limit(take)}`,
  );
  return rows.map((r) => ({ agentId: r.agentId, name: r.name, count: Number(r.n) }));
}
