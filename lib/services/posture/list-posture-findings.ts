// The findings list: open (or, on request, also resolved) findings, filtered by
// kind, severity, owner, tier, environment or agent, gravest first, paged by
// keyset (the last finding's id; no OFFSET).
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/client";
import type { TPostureFindingsQuery } from "@/lib/schemas/posture";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

const PERSON = { select: { id: true, name: true, email: true, active: true } } as const;

export const FINDING_SELECT = {
  id: true,
  kind: true,
  rule: true,
  severity: true,
  details: true,
  since: true,
  firstSeenAt: true,
  lastSeenAt: true,
  resolvedAt: true,
  resolution: true,
  agent: {
    select: {
      id: true,
      name: true,
      environment: true,
      riskTier: true,
      status: true,
      ceilingMaxTtlSeconds: true,
      currentOwnership: { select: { acknowledgedAt: true, owner: PERSON, backupOwner: PERSON } },
    },
  },
} as const satisfies Prisma.PostureFindingSelect;

type FindingRow = Prisma.PostureFindingGetPayload<{ select: typeof FINDING_SELECT }>;

export function toFindingView(f: FindingRow) {
  const o = f.agent.currentOwnership;
  return {
    id: f.id,
    kind: f.kind,
    rule: f.rule,
    severity: f.severity,
    details: JSON.parse(f.details) as Record<string, unknown>,
    since: f.since,
    firstSeenAt: f.firstSeenAt,
    lastSeenAt: f.lastSeenAt,
    resolvedAt: f.resolvedAt,
    resolution: f.resolution,
    agent: { id: f.agent.id, name: f.agent.name, environment: f.agent.environment, riskTier: f.agent.riskTier, status: f.agent.status },
    owner: o?.owner ?? null,
    backupOwner: o?.backupOwner ?? null,
    ownershipAcknowledged: o ? o.acknowledgedAt !== null : false,
  };
}
export type FindingView = ReturnType<typeof toFindingView>;

export function findingsWhere(query: Omit<TPostureFindingsQuery, "cursor" | "limit">): Prisma.PostureFindingWhereInput {
  const agent: Prisma.AgentIdentityWhereInput = {};
  if (query.riskTier) agent.riskTier = query.riskTier;
  if (query.environment) agent.environment = query.environment;
  if (query.ownerId) agent.currentOwnership = { is: { ownerId: query.ownerId } };
  return {
    ...(query.resolved ? {} : { resolvedAt: null }),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.agentId ? { agentId: query.agentId } : {}),
    ...(Object.keys(agent).length ? { agent } : {}),
  };
}

export async function listPostureFindings(ctx: ServiceContext, actor: Actor, query: TPostureFindingsQuery) {
  requirePermission(actor, "posture:read");
  let cursor: Prisma.PostureFindingWhereUniqueInput | undefined;
  if (query.cursor) {
    const exists = await ctx.db.postureFinding.findUnique({ where: { id: query.cursor }, select: { id: true } });
    if (!exists) throw new AppError("validation_failed", "cursor: unknown cursor", { invalidParams: [{ name: "cursor", reason: "unknown cursor" }] });
    cursor = { id: query.cursor };
  }
  const rows = await ctx.db.postureFinding.findMany({
    where: findingsWhere(query),
    // Gravest first, then newest (PostureFinding_open_by_severity serves the default, open-only list).
    orderBy: [{ severityRank: "desc" }, { firstSeenAt: "desc" }, { id: "desc" }],
    cursor,
    skip: cursor ? 1 : 0,
    take: query.limit + 1,
    select: FINDING_SELECT,
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toFindingView), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}
