// What the posture rules need, read with a handful of aggregate queries (one
// row per agent, or per agent and group) instead of row by row, so that an
// evaluation over 10,000 agents and a million decisions stays within seconds.
// Each query names the index it is meant to use.
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
           CASE WHEN o."acknowledgedAt" IS NULL AND EXISTS (SELECT 1 FROM "Ownership" p WHERE p."agentId" = a."id" AND p."id" <> o."id") THEN 1 ELSE 0 END AS "isHandover"
    FROM "AgentIdentity" a
    LEFT JOIN "Ownership" o ON o."id" = a."currentOwnershipId"
    LEFT JOIN "User" u ON u."id" = o."ownerId"
    LEFT JOIN "User" b ON b."id" = o."backupOwnerId"
    WHERE a."status" <> 'DECOMMISSIONED' ${inAgents('a."id"', agentIds)}`);
  if (agents.length === 0) return [];

  // One after the other: inside a transaction they share one connection.
  // Decision_usage_by_agent (agentId, outcome, audience, actions, createdAt) covers both
  // decision queries: they read the index alone, already grouped by agent.
  const requests = await q.$queryRaw<{ agentId: string; last: unknown; n: number | bigint; first: unknown }[]>(sql`
      SELECT "agentId", MAX("createdAt") AS "last",
             SUM(CASE WHEN "outcome" = 'DENY' AND "createdAt" >= ${ts(riskStart)} THEN 1 ELSE 0 END) AS "n",
             MIN(CASE WHEN "outcome" = 'DENY' AND "createdAt" >= ${ts(riskStart)} THEN "createdAt" END) AS "first"
      FROM "Decision" WHERE "agentId" IS NOT NULL ${inAgents('"agentId"', agentIds)} GROUP BY "agentId"`);
  const allowed = await q.$queryRaw<{ agentId: string; audience: string; actions: string }[]>(sql`
      SELECT "agentId", "audience", "actions" FROM "Decision"
      WHERE "agentId" IS NOT NULL AND "outcome" = 'ALLOW' AND "createdAt" >= ${ts(usageStart)} ${inAgents('"agentId"', agentIds)}
      GROUP BY "agentId", "audience", "actions"`);
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

  const requestsOf = new Map(requests.map((r) => [r.agentId, r]));
  const allowedOf = new Map<string, { audience: string; actions: string[] }[]>();
  for (const r of allowed) {
    const list = allowedOf.get(r.agentId) ?? [];
    list.push({ audience: r.audience, actions: JSON.parse(r.actions) as string[] });
    allowedOf.set(r.agentId, list);
  }
  const suspensionsOf = toWindowCounts(suspensions);
  const stepUpDenialsOf = toWindowCounts(stepUpDenials);
  const driftOf = toWindowCounts(driftRevocations);

  return agents.map((row) => {
    const createdAt = rawDate(row.createdAt)!;
    const req = requestsOf.get(row.id);
    const denials = req ? Number(req.n ?? 0) : 0;
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
        lastRequestAt: req ? rawDate(req.last) : null,
        allowed: allowedOf.get(row.id) ?? [],
        denials: denials > 0 ? { count: denials, first: rawDate(req!.first) } : NONE,
        rateGuardSuspensions: suspensionsOf.get(row.id) ?? NONE,
        stepUpDenials: stepUpDenialsOf.get(row.id) ?? NONE,
        policyDriftRevocations: driftOf.get(row.id) ?? NONE,
      },
    };
  });
}
