// Runs once when the server starts: creates the first admin from
// MANDATE_ADMIN_EMAIL / MANDATE_ADMIN_PASSWORD if nobody exists yet, installs
// the shipped policy set and a signing key if there are none, so the first
// agent request does not pay for it, and starts the background jobs. (NEXT_RUNTIME is Next's own switch
// between the Node.js and edge runtimes; it is read here, before lib/env.ts
// can be imported.)
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { defaultContext } = await import("@/lib/services/context");
  const { bootstrapAdminFromEnv } = await import("@/lib/services/bootstrap-admin");
  const { getActivePolicy } = await import("@/lib/services/broker/active-policy");
  const { getActiveSigner } = await import("@/lib/db/signing-key-store");
  const { log } = await import("@/lib/log");
  const { startScheduler } = await import("@/lib/jobs/scheduler");
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
