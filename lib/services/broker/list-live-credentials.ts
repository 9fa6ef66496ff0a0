// The live credentials of one agent: what a person needs in order to revoke one
// of them, one task's, or all of them. Owners and backups of the agent,
// security leads and admins see them (and may revoke); auditors see them too
// (they read the whole evidence trail anyway). Another owner may not.
import { AppError } from "@/lib/errors";
import { canManageAgent, hasPermission } from "@/lib/auth/permissions";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

/** The most a page shows at once; `total` says how many there are. */
export const LIVE_CREDENTIALS_SHOWN = 200;

export type LiveCredentialView = {
  id: string;
  audience: string;
  actions: string[];
  identifier: string | null;
  tokenType: "DPoP" | "Bearer";
  issuedAt: string;
  expiresAt: string;
  firstIntrospectedAt: string | null;
  parentId: string | null;
  delegationDepth: number;
  task: { id: string; clientTaskId: string | null; intent: string; status: string };
};

function grantedEntry(json: string): { actions: string[]; identifier: string | null } {
  try {
    const [entry] = JSON.parse(json) as { actions?: unknown; identifier?: unknown }[];
    const actions = Array.isArray(entry?.actions) ? entry.actions.filter((a): a is string => typeof a === "string") : [];
    return { actions, identifier: typeof entry?.identifier === "string" ? entry.identifier : null };
  } catch {
    // Written by the broker itself; an unreadable row still lists (and can be revoked).
    return { actions: [], identifier: null };
  }
}

export async function listLiveCredentials(ctx: ServiceContext, actor: Actor, agentId: string) {
  requirePermission(actor, "agents:read");
  const agent = await ctx.db.agentIdentity.findUnique({ where: { id: agentId }, select: { currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } });
  if (!agent) throw new AppError("not_found", `no agent with id ${agentId}`);
  const canRevoke = canManageAgent(actor, { ownerId: agent.currentOwnership?.ownerId ?? null, backupOwnerId: agent.currentOwnership?.backupOwnerId ?? null });
  if (!canRevoke && !hasPermission(actor.role, "audit:read")) {
    throw new AppError("forbidden", "you can see the live credentials only of agents you own or back up (security leads, admins and auditors: any)");
  }
  const now = ctx.now();
  const where = { agentId, revokedAt: null, expiresAt: { gt: now } };
  const [rows, total] = await Promise.all([
    ctx.db.credential.findMany({
      where,
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: LIVE_CREDENTIALS_SHOWN,
      select: {
        id: true,
        audience: true,
        authorizationDetails: true,
        dpopJkt: true,
        issuedAt: true,
        expiresAt: true,
        firstIntrospectedAt: true,
        parentId: true,
        delegationDepth: true,
        task: { select: { id: true, clientTaskId: true, intent: true, status: true } },
      },
    }),
    ctx.db.credential.count({ where }),
  ]);
  const items: LiveCredentialView[] = rows.map((r) => ({
    id: r.id,
    audience: r.audience,
    ...grantedEntry(r.authorizationDetails),
    tokenType: r.dpopJkt ? "DPoP" : "Bearer",
    issuedAt: r.issuedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    firstIntrospectedAt: r.firstIntrospectedAt?.toISOString() ?? null,
    parentId: r.parentId,
    delegationDepth: r.delegationDepth,
    task: r.task,
  }));
  return { items, total, asOf: now.toISOString(), allowed: { revoke: canRevoke } };
}
