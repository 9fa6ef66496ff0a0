// Resolves `Authorization: Bearer mdt_…` to the person behind it. Revoked,
// expired and unknown tokens, and tokens of deactivated people, all fail the
// same way. lastUsedAt is refreshed at most once a minute to keep reads cheap.
import { withTransaction } from "@/lib/db/client";
import { hashAccessToken, looksLikeAccessToken } from "@/lib/domain/access-token";
import { isRole } from "@/lib/auth/permissions";
import type { Actor, ServiceContext } from "./context";

export async function authenticateAccessToken(ctx: ServiceContext, token: string): Promise<Actor | null> {
  if (!looksLikeAccessToken(token)) return null;
  const row = await ctx.db.personalAccessToken.findUnique({
    where: { tokenHash: hashAccessToken(token) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  const now = ctx.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !row.user.active || !isRole(row.user.role)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await withTransaction(ctx.db, (tx) => tx.personalAccessToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }));
  }
  const { user } = row;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role, via: "token", tokenId: row.id };
}
