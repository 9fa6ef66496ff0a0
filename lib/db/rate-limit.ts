// Fixed-window counters in the database, so every app instance counts together.
import type { Db, Tx } from "./client";

export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export async function countHits(db: Db | Tx, key: string, windowSeconds: number, now: Date): Promise<number> {
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
