// One-time identifiers (client assertion and DPoP jti): claimed inside the
// caller's transaction, so a replay is refused by the primary key — across
// every instance. A request refused before that transaction spends its
// client assertion with the refusal's audit event (spendOnce).
import type { Tx } from "./client";
import { isUniqueViolationError } from "./errors";
import { isSqliteUniqueViolation, type SqliteDirect } from "./sqlite-direct";

export class ReplayError extends Error {}

export async function claimOnce(tx: Tx, key: string, expiresAt: Date): Promise<void> {
  try {
    await tx.replayGuard.create({ data: { key, expiresAt } });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new ReplayError("replayed");
    throw e;
  }
}

/** claimOnce inside a direct SQLite transaction (sqlite-direct.ts). */
export function claimOnceDirect(d: SqliteDirect, key: string, expiresAt: Date): void {
  try {
    d.run(`INSERT INTO "ReplayGuard" ("key", "expiresAt") VALUES (?, ?)`, key, expiresAt);
  } catch (e) {
    if (isSqliteUniqueViolation(e)) throw new ReplayError("replayed");
    throw e;
  }
}

/**
 * Claims `key` if nobody has, silently otherwise: for a request refused before
 * the transaction that would have claimed its identifier, so the identifier is
 * used up all the same (a concurrent refusal of the same one is not an error).
 */
export async function spendOnce(tx: Tx, key: string, expiresAt: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO "ReplayGuard" ("key", "expiresAt") VALUES (${key}, ${expiresAt}) ON CONFLICT ("key") DO NOTHING`;
}

/** spendOnce inside a direct SQLite transaction. */
export function spendOnceDirect(d: SqliteDirect, key: string, expiresAt: Date): void {
  d.run(`INSERT INTO "ReplayGuard" ("key", "expiresAt") VALUES (?, ?) ON CONFLICT ("key") DO NOTHING`, key, expiresAt);
}

/** Housekeeping: identifiers past their expiry can no longer be replayed anyway. */
export async function pruneExpiredReplayGuards(tx: Tx, now: Date): Promise<number> {
  const r = await tx.replayGuard.deleteMany({ where: { expiresAt: { lt: now } } });
  return r.count;
}
