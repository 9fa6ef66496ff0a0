// What the posture rules need, read with a handful of aggregate queries (one
// row per agent, or per agent and group) instead of row by row, so that an
// evaluation over 10,000 agents and a million decisions stays within seconds.
// Each query names the index it is meant to use.
import { randomUUID } from "node:crypto";
import type { AgentPostureInput, PostureThresholds, WindowCount } from "@/lib/domain/posture/types";
import { DAY_MS } from "@/lib/domain/posture/types";
import { dbProvider, Prisma, type Db, type Tx } from "./client";
import { sqliteValue } from "./sqlite-direct";

const sql = Prisma.sql;

function ts(d: Date): Prisma.Sql {
  return dbProvider() === "sqlite" ? sql`${sqliteValue(d)}` : sql`CAST(${d.toISOString()} AS timestamp(3))`;
}

/** Raw rows carry dates as Date (PostgreSQL) or ISO text (SQLite), booleans as boolean or 0/1. */
export function rawDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  return new Date(String(v));
}
const rawBool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || Number(v) === 1);
const inAgents = (column: string, ids: string[] | undefined) => (ids ? sql`AND ${Prisma.raw(column)} IN (${Prisma.join(ids)})` : Prisma.empty);

type AgentRow = {
  id: string;
  status: AgentPostureInput["status"];
  riskTier: AgentPostureInput["riskTier"];
  createdAt: unknown;
  ceilingAudiences: string;
  ceilingActions: string;
  ceilingMaxTtlSeconds: number | bigint;
  requireDpop: unknown;
  jwks: string;
  jwksKeysAddedAt: string;
  ownerId: string | null;
  assignedAt: unknown;
  acknowledgedAt: unknown;
  backupOwnerId: string | null;
  ownerActive: unknown;
  ownerDeactivatedAt: unknown;
  backupActive: unknown;
  /** The newest decision for the agent: one seek per agent in Decision_by_agent_time. */
  lastRequestAt: unknown;
  /** Only computed for unacknowledged ownerships (Ownership_history_of_agent). */
  isHandover: unknown;
};

function keysOf(row: AgentRow, createdAt: Date): AgentPostureInput["keys"] {
  const kids = ((JSON.parse(row.jwks) as { keys?: { kid?: string }[] }).keys ?? []).map((k) => k.kid).filter((k): k is string => typeof k === "string");
  const added = JSON.parse(row.jwksKeysAddedAt || "{}") as Record<string, string>;
  // Keys registered before their dates were recorded count from the agent's registration.
  return kids.map((kid) => ({ kid, addedAt: added[kid] ? new Date(added[kid]) : createdAt }));
}

type Grouped = { agentId: string; n: number | bigint; first: unknown };
const toWindowCounts = (rows: Grouped[]) => new Map(rows.map((r) => [r.agentId, { count: Number(r.n), first: rawDate(r.first) } satisfies WindowCount]));
const NONE: WindowCount = { count: 0, first: null };

/**
 * The posture input of every agent that is not decommissioned (or of the
 * given agents only, for an evaluation triggered by a change to them).
 */
export async function loadPostureInputs(q: Db | Tx, now: Date, t: PostureThresholds, agentIds?: string[]): Promise<AgentPostureInput[]> {
  if (agentIds && agentIds.length === 0) return [];
  const usageStart = new Date(now.getTime() - t.usageDays * DAY_MS);
  const riskStart = new Date(now.getTime() - t.riskWindowDays * DAY_MS);

  const agents = await q.$queryRaw<AgentRow[]>(sql`
    SELECT a."id", a."status", a."riskTier", a."createdAt", a."ceilingAudiences", a."ceilingActions", a."ceilingMaxTtlSeconds", a."requireDpop", a."jwks", a."jwksKeysAddedAt",
           o."ownerId", o."assignedAt", o."acknowledgedAt", o."backupOwnerId", u."active" AS "ownerActive", u."deactivatedAt" AS "ownerDeactivatedAt", b."active" AS "backupActive",
           (SELECT MAX(d."createdAt") FROM "Decision" d WHERE d."agentId" = a."id") AS "lastRequestAt",
           CASE WHEN o."acknowledgedAt" IS NULL AND EXISTS (SELECT 1 FROM "Ownership" p WHERE p."agentId" = a."id" AND p."id" <> o."id") THEN 1 ELSE 0 END AS "isHandover"
    FROM "AgentIdentity" a
    LEFT JOIN "Ownership" o ON o."id" = a."currentOwnershipId"
    LEFT JOIN "User" u ON u."id" = o."ownerId"
    LEFT JOIN "User" b ON b."id" = o."backupOwnerId"
    WHERE a."status" <> 'DECOMMISSIONED' ${inAgents('a."id"', agentIds)}`);
  if (agents.length === 0) return [];

  // One after the other: inside a transaction they share one connection.
  // Decision_usage_by_outcome (outcome, agentId, audience, actions, createdAt) serves both:
  // only the ALLOW (or DENY) entries are read, from the index alone, grouped in index order.
  const allowed = await q.$queryRaw<{ agentId: string; audience: string; actions: string }[]>(sql`
    SELECT "agentId", "audience", "actions" FROM "Decision"
    WHERE "outcome" = 'ALLOW' AND "agentId" IS NOT NULL ${inAgents('"agentId"', agentIds)} AND "createdAt" >= ${ts(usageStart)}
    GROUP BY "agentId", "audience", "actions"`);
  const denials = await q.$queryRaw<Grouped[]>(sql`
    SELECT "agentId", COUNT(*) AS "n", MIN("createdAt") AS "first" FROM "Decision"
    WHERE "outcome" = 'DENY' AND "agentId" IS NOT NULL ${inAgents('"agentId"', agentIds)} AND "createdAt" >= ${ts(riskStart)}
    GROUP BY "agentId"`);
  // Audit_by_type_time: suspensions by the system are the rate guard's.
  const suspensions = await q.$queryRaw<Grouped[]>(sql`
      SELECT "targetId" AS "agentId", COUNT(*) AS "n", MIN("occurredAt") AS "first" FROM "AuditEvent"
      WHERE "type" = 'agent.suspended' AND "occurredAt" >= ${ts(riskStart)} AND "actorType" = 'SYSTEM' AND "targetType" = 'agent' ${inAgents('"targetId"', agentIds)}
      GROUP BY "targetId"`);
  // StepUp_pending_by_expiry narrows to DENIED; decided requests are few.
  const stepUpDenials = await q.$queryRaw<Grouped[]>(sql`
      SELECT "agentId", COUNT(*) AS "n", MIN("decidedAt") AS "first" FROM "StepUpRequest"
      WHERE "status" = 'DENIED' AND "decidedAt" >= ${ts(riskStart)} ${inAgents('"agentId"', agentIds)} GROUP BY "agentId"`);
  // Credential_by_revocation: revocations in the window, those a new policy version caused.
  const driftRevocations = await q.$queryRaw<Grouped[]>(sql`
      SELECT "agentId", COUNT(*) AS "n", MIN("revokedAt") AS "first" FROM "Credential"
      WHERE "revokedAt" >= ${ts(riskStart)} AND "revokeReason" LIKE 'policy_change:%' ${inAgents('"agentId"', agentIds)} GROUP BY "agentId"`);

  const allowedOf = new Map<string, { audience: string; actions: string[] }[]>();
  for (const r of allowed) {
    const list = allowedOf.get(r.agentId) ?? [];
    list.push({ audience: r.audience, actions: JSON.parse(r.actions) as string[] });
    allowedOf.set(r.agentId, list);
  }
  const denialsOf = toWindowCounts(denials);
  const suspensionsOf = toWindowCounts(suspensions);
  const stepUpDenialsOf = toWindowCounts(stepUpDenials);
  const driftOf = toWindowCounts(driftRevocations);

  return agents.map((row) => {
    const createdAt = rawDate(row.createdAt)!;
    return {
      id: row.id,
      status: row.status,
      riskTier: row.riskTier,
      createdAt,
      ceiling: { audiences: JSON.parse(row.ceilingAudiences) as string[], actions: JSON.parse(row.ceilingActions) as string[], maxTtlSeconds: Number(row.ceilingMaxTtlSeconds) },
      requireDpop: rawBool(row.requireDpop) === true,
      keys: keysOf(row, createdAt),
      ownership: row.ownerId
        ? {
            ownerId: row.ownerId,
            ownerActive: rawBool(row.ownerActive) === true,
            ownerDeactivatedAt: rawDate(row.ownerDeactivatedAt),
            assignedAt: rawDate(row.assignedAt)!,
            acknowledgedAt: rawDate(row.acknowledgedAt),
            isHandover: rawBool(row.isHandover) === true,
            backupOwnerId: row.backupOwnerId,
            backupActive: rawBool(row.backupActive),
          }
        : null,
      activity: {
        lastRequestAt: rawDate(row.lastRequestAt),
        allowed: allowedOf.get(row.id) ?? [],
        denials: denialsOf.get(row.id) ?? NONE,
        rateGuardSuspensions: suspensionsOf.get(row.id) ?? NONE,
        stepUpDenials: stepUpDenialsOf.get(row.id) ?? NONE,
        policyDriftRevocations: driftOf.get(row.id) ?? NONE,
      },
    };
  });
}

export type NewFinding = { agentId: string; kind: string; rule: string; severity: string; severityRank: number; details: string; since: Date; seenAt: Date; openKey: string };

const FINDING_COLUMNS = ["id", "agentId", "kind", "rule", "severity", "severityRank", "details", "since", "firstSeenAt", "lastSeenAt", "openKey"] as const;
const FINDING_DATES = new Set(["since", "firstSeenAt", "lastSeenAt"]);

/**
 * Inserts new findings, hundreds per statement, passed as ONE JSON
 * parameter that the database unpacks (json_each / json_to_recordset): Prisma's
 * createMany went row by row on SQLite, and thousands of bound parameters per
 * statement cost seconds of CPU in the driver.
 */
export async function insertFindings(q: Db | Tx, rows: NewFinding[], chunk = 500): Promise<void> {
  const sqlite = dbProvider() === "sqlite";
  const columns = Prisma.raw(FINDING_COLUMNS.map((c) => `"${c}"`).join(", "));
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(
      rows.slice(i, i + chunk).map((f) => {
        const date = (d: Date) => (sqlite ? (sqliteValue(d) as string) : d.toISOString());
        return { id: randomUUID(), agentId: f.agentId, kind: f.kind, rule: f.rule, severity: f.severity, severityRank: f.severityRank, details: f.details, since: date(f.since), firstSeenAt: date(f.seenAt), lastSeenAt: date(f.seenAt), openKey: f.openKey };
      }),
    );
    if (sqlite) {
      const fields = Prisma.raw(FINDING_COLUMNS.map((c) => `json_extract(j."value", '$.${c}')`).join(", "));
      await q.$executeRaw(sql`INSERT INTO "PostureFinding" (${columns}) SELECT ${fields} FROM json_each(${json}) j`);
    } else {
      const fields = Prisma.raw(FINDING_COLUMNS.map((c) => (FINDING_DATES.has(c) ? `CAST(x."${c}" AS timestamp(3))` : `x."${c}"`)).join(", "));
      const shape = Prisma.raw(FINDING_COLUMNS.map((c) => `"${c}" ${c === "severityRank" ? "integer" : "text"}`).join(", "));
      await q.$executeRaw(sql`INSERT INTO "PostureFinding" (${columns}) SELECT ${fields} FROM json_to_recordset(CAST(${json} AS json)) AS x(${shape})`);
    }
  }
}

/** Every finding still open in the scope was seen by this run: one statement, not one per row. */
export async function touchOpenFindings(q: Db | Tx, seenAt: Date, agentIds?: string[]): Promise<number> {
  return q.$executeRaw(sql`UPDATE "PostureFinding" SET "lastSeenAt" = ${ts(seenAt)} WHERE "resolvedAt" IS NULL AND "lastSeenAt" < ${ts(seenAt)} ${inAgents('"agentId"', agentIds)}`);
}
