import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

export async function listAccessTokens(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "tokens:own");
  return ctx.db.personalAccessToken.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
}
