import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";

/** People revoke their own tokens; someone else's token is "not found" to them. */
export async function revokeAccessToken(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "tokens:own");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const token = await tx.personalAccessToken.findUnique({ where: { id }, select: { id: true, userId: true, name: true, prefix: true, revokedAt: true } });
    if (!token || token.userId !== actor.id) throw new AppError("not_found", `no token with id ${id}`);
    if (token.revokedAt) throw new AppError("conflict", "this token is already revoked");
    await tx.personalAccessToken.update({ where: { id }, data: { revokedAt: now } });
    await appendAuditEvent(tx, { type: "token.revoked", actor: auditActor(actor), target: { type: "token", id }, data: { name: token.name, prefix: token.prefix }, requestId: ctx.requestId }, now);
    return { id, revokedAt: now };
  });
}
