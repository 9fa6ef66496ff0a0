// What an instance does once when it starts, whichever way it serves:
// creates the first admin from MANDATE_ADMIN_EMAIL / MANDATE_ADMIN_PASSWORD
// if nobody exists yet, installs the shipped policy set and a signing key if
// there are none (so the first agent request does not pay for it), and starts
// the background jobs. Called by instrumentation.ts inside Next.js, and by
// server/main.ts itself when it serves the broker alone (MANDATE_SERVE=broker).
import { defaultContext } from "@/lib/services/context";
import { bootstrapAdminFromEnv } from "@/lib/services/bootstrap-admin";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { getActiveSigner } from "@/lib/db/signing-key-store";
import { log } from "@/lib/log";
import { startScheduler } from "@/lib/jobs/scheduler";

export async function startInstance(): Promise<void> {
  const ctx = defaultContext();
  try {
    if ((await bootstrapAdminFromEnv(ctx)) === "created") log.info("created the first admin from MANDATE_ADMIN_EMAIL");
  } catch (e) {
    log.error("could not create the first admin from the environment", { error: (e as Error).message });
  }
  try {
    const policy = await getActivePolicy(ctx);
    await getActiveSigner(ctx.db, ctx.now());
    if (!policy.snapshot) log.error("the active policy set does not compile: every credential request will be denied", { version: policy.version });
    else log.info("broker ready", { policyVersion: policy.version });
  } catch (e) {
    // Not fatal for the dashboard; the broker retries on first use and fails closed meanwhile.
    log.error("could not prepare the broker at start", { error: (e as Error).message });
  }
  startScheduler();
}
