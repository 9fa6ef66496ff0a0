// The scheduled posture evaluation. Every instance's scheduler calls it every
// tick; it runs when the interval has passed since the last scheduled run of
// ANY instance (checked under the run's lock), so several instances make one
// run per interval between them, never two at once.
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { evaluatePosture, type PostureRunResult } from "@/lib/services/posture/evaluate-posture";

let lastAttempt = 0;

export async function evaluatePostureOnSchedule(db: Db, now: () => Date): Promise<PostureRunResult | null> {
  const intervalMs = env().posture.intervalSeconds * 1000;
  // Cheap local gate so the database is asked once per interval, not every tick.
  if (now().getTime() - lastAttempt < intervalMs / 2) return null;
  lastAttempt = now().getTime();
  return evaluatePosture(db, now, { trigger: "SCHEDULED" }, { minIntervalMs: intervalMs * 0.9 });
}
