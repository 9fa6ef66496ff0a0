import { randomBytes } from "node:crypto";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { displayPrefix, formatAccessToken, hashAccessToken } from "@/lib/domain/access-token";
import type { TCreateAccessToken } from "@/lib/schemas/token";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";

/** Creates a token for the actor. The secret is in the result once and nowhere else. */
export async function createAccessToken(ctx: ServiceContext, actor: Actor, input: TCreateAccessToken) {
  requirePermission(actor, "tokens:own");
  const token = formatAccessToken(randomBytes(32));
  const now = ctx.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  return withTransaction(ctx.db, async (tx) => {
    const row = await tx.personalAccessToken.create({
      data: { userId: actor.id, name: input.name, tokenHash: hashAccessToken(token), prefix: displayPrefix(token), createdAt: now, expiresAt },
      select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true },
    });
    await appendAuditEvent(
      tx,
      { type: "token.created", actor: auditActor(actor), target: { type: "token", id: row.id }, data: { name: row.name, prefix: row.prefix, expiresAt }, requestId: ctx.requestId },
      now,
    );
    return { ...row, token };
  });
}
