// Background work inside the app process, no extra infrastructure: every few
// seconds, expire step-up requests, send due webhooks, build queued
// evidence exports and move access reviews on (reminders, due dates); every
// minute, make sure this hour's audit checkpoint is signed; every few minutes
// (MANDATE_POSTURE_INTERVAL_SECONDS), evaluate the posture findings; every
// hour, forget replay identifiers past their expiry. Every job is safe to run on several
// instances at once (conditional updates and claims), and a run never overlaps
// the previous one in this process. Access reviews run on the application
// clock (lib/clock.ts: the real time unless an end-to-end test shifted it);
// everything else — step-up expiry, replay guards, checkpoints — on the real
// time, so a shifted test clock cannot weaken the broker's own guarantees.
import { getDb, withTransaction } from "@/lib/db/client";
import { pruneExpiredReplayGuards } from "@/lib/db/replay-guard";
import { log } from "@/lib/log";
import { isDraining, onShutdown } from "@/lib/lifecycle";
import { now as applicationNow, warnIfTestClock } from "@/lib/clock";
import { deliverDueWebhooks } from "./deliver-webhooks";
import { expireStepUps } from "./expire-step-ups";
import { checkpointAuditChain } from "./checkpoint-audit-chain";
import { runQueuedEvidenceExports } from "./run-evidence-exports";
import { processAccessReviews } from "./process-access-reviews";
import { evaluatePostureOnSchedule } from "./evaluate-posture";

const TICK_MS = 5_000;
const PRUNE_EVERY_TICKS = 720;
const CHECKPOINT_EVERY_TICKS = 12;

let started = false;

export function startScheduler(): void {
  if (started) return;
  started = true;
  warnIfTestClock();
  let running: Promise<void> | null = null;
  let ticks = 0;
  const timer = setInterval(() => {
    if (running || isDraining()) return;
    running = tick().finally(() => {
      running = null;
    });
  }, TICK_MS);
  timer.unref();
  // At shutdown: no new runs, and the run in progress finishes (its writes are transactions).
  onShutdown("scheduler", async () => {
    clearInterval(timer);
    await running;
  });

  async function tick() {
    const db = getDb();
    const now = () => new Date();
    try {
      await expireStepUps(db, now);
      await deliverDueWebhooks(db, now);
      await runQueuedEvidenceExports(db, now);
      await processAccessReviews(db, applicationNow);
      if (ticks % CHECKPOINT_EVERY_TICKS === 0) await checkpointAuditChain(db, now);
      if (++ticks % PRUNE_EVERY_TICKS === 1) await withTransaction(db, (tx) => pruneExpiredReplayGuards(tx, now()));
      await evaluatePostureOnSchedule(db, now);
    } catch (e) {
      log.error("background job failed; retrying on the next tick", { error: (e as Error).message });
    }
  }
}
