// One-time identifiers (client assertion and DPoP jti): claimed inside the
// caller's transaction, so a replay is refused by the primary key — across
// every instance — and a refused request leaves no trace but its audit event.
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

/** Housekeeping: identifiers past their expiry can no longer be replayed anyway. */
export async function pruneExpiredReplayGuards(tx: Tx, now: Date): Promise<number> {
  const r = await tx.replayGuard.deleteMany({ where: { expiresAt: { lt: now } } });
  return r.count;
}
