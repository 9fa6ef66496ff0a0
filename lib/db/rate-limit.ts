// Fixed-window counters in the database, so every app instance counts together.
import { sqliteDirect, type Db, type Tx } from "./client";
import type { SqliteDirect } from "./sqlite-direct";

export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export async function countHits(db: Db | Tx, key: string, windowSeconds: number, now: Date): Promise<number> {
  const direct = await sqliteDirect(db);
  if (direct) {
    const hit = direct.get<{ count: number }>(`SELECT "count" FROM "RateLimitCounter" WHERE "key" = ? AND "windowStart" = ?`, key, windowStart(now, windowSeconds));
    return hit?.count ?? 0;
  }
  const row = await db.rateLimitCounter.findUnique({
    where: { key_windowStart: { key, windowStart: windowStart(now, windowSeconds) } },
    select: { count: true },
  });
  return row?.count ?? 0;
}

export async function recordHit(tx: Tx, key: string, windowSeconds: number, now: Date): Promise<number> {
  const start = windowStart(now, windowSeconds);
  const row = await tx.rateLimitCounter.upsert({
    where: { key_windowStart: { key, windowStart: start } },
    create: { key, windowStart: start, count: 1 },
    update: { count: { increment: 1 } },
    select: { count: true },
  });
  return row.count;
}

/** recordHit inside a direct SQLite transaction (sqlite-direct.ts). */
export function recordHitDirect(d: SqliteDirect, key: string, windowSeconds: number, now: Date): number {
  const row = d.get<{ count: number }>(
    `INSERT INTO "RateLimitCounter" ("key", "windowStart", "count") VALUES (?, ?, 1) ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "count" + 1 RETURNING "count"`,
    key,
    windowStart(now, windowSeconds),
  );
  return row!.count;
}
