// The agent registry, filtered and paged by keyset (createdAt, id): no OFFSET.
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/client";
import { AGENT_SELECT, OWNERSHIP_WHERE, toAgentView } from "@/lib/db/agent-repository";
import type { TAgentListQuery } from "@/lib/schemas/agent";
import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

export async function listAgents(ctx: ServiceContext, actor: Actor, query: TAgentListQuery) {
  requirePermission(actor, "agents:read");
  const and: Prisma.AgentIdentityWhereInput[] = [];
  const q = query.q?.normalize("NFC").trim().toLowerCase();
  if (q) and.push({ OR: [{ nameKey: { contains: q } }, { id: q }] });
  if (query.status) and.push({ status: query.status });
  if (query.environment) and.push({ environment: query.environment.trim().toLowerCase() });
  if (query.riskTier) and.push({ riskTier: query.riskTier });
  if (query.ownerId) and.push({ currentOwnership: { OR: [{ ownerId: query.ownerId }, { backupOwnerId: query.ownerId }] } });
  if (query.ownership) and.push(OWNERSHIP_WHERE[query.ownership]);

  let cursor: Prisma.AgentIdentityWhereUniqueInput | undefined;
  if (query.cursor) {
    const exists = await ctx.db.agentIdentity.findUnique({ where: { id: query.cursor }, select: { id: true } });
    if (!exists) throw new AppError("validation_failed", "cursor: unknown cursor", { invalidParams: [{ name: "cursor", reason: "unknown cursor" }] });
    cursor = { id: query.cursor };
  }
  const rows = await ctx.db.agentIdentity.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    cursor,
    skip: cursor ? 1 : 0,
    take: query.limit + 1,
    select: AGENT_SELECT,
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toAgentView), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}

/** The environments in use, for the filter list. */
export async function listEnvironments(ctx: ServiceContext, actor: Actor): Promise<string[]> {
  requirePermission(actor, "agents:read");
  const rows = await ctx.db.agentIdentity.findMany({ distinct: ["environment"], select: { environment: true }, orderBy: { environment: "asc" } });
  return rows.map((r) => r.environment);
}
