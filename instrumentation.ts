// Runs once when the server starts: creates the first admin from
// MANDATE_ADMIN_EMAIL / MANDATE_ADMIN_PASSWORD if nobody exists yet.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { defaultContext } = await import("@/lib/services/context");
  const { bootstrapAdminFromEnv } = await import("@/lib/services/bootstrap-admin");
  const { log } = await import("@/lib/log");
  try {
    const result = await bootstrapAdminFromEnv(defaultContext());
    if (result === "created") log.info("created the first admin from MANDATE_ADMIN_EMAIL");
  } catch (e) {
    log.error("could not create the first admin from the environment", { error: (e as Error).message });
  }
}
