import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { ServiceContext } from "./context";

export async function recordSignOut(ctx: ServiceContext, userId: string) {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return;
  const now = ctx.now();
  await withTransaction(ctx.db, (tx) =>
    appendAuditEvent(tx, { type: "auth.signed_out", actor: { type: "USER", id: user.id, label: user.email }, target: { type: "user", id: user.id }, requestId: ctx.requestId }, now),
  );
}
