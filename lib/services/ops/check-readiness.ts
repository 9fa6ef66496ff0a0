// Readiness: may this instance take traffic? Yes only when the database
// answers, a signing key can be loaded and decrypted (so tokens can be
// issued), a compiled policy set is active (so requests are decided by policy,
// not by the fail-closed default) and the process is not shutting down.
// Liveness (/api/health) stays a cheaper question: is the process serving?
import { getActiveSigner } from "@/lib/db/signing-key-store";
import { isDraining } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import type { ServiceContext } from "@/lib/services/context";

type Check = { ok: true; detail?: string } | { ok: false; error: string };
export type Readiness = { ready: boolean; checks: { database: Check; signingKey: Check; policy: Check; lifecycle: Check } };

async function settle(run: () => Promise<string | undefined>, failure: string): Promise<Check> {
  try {
    const detail = await run();
    return detail === undefined ? { ok: true } : { ok: true, detail };
  } catch (e) {
    // The operator finds the reason in the log; a probe gets a fixed sentence.
    log.warn("readiness check failed", { check: failure, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    return { ok: false, error: failure };
  }
}

export async function checkReadiness(ctx: ServiceContext): Promise<Readiness> {
  const database = await settle(async () => {
    await ctx.db.$queryRawUnsafe("SELECT 1");
    return undefined;
  }, "the database does not answer");
  // Without a database neither of the next two can be answered honestly.
  const signingKey: Check = database.ok
    ? await settle(async () => `kid ${(await getActiveSigner(ctx.db, ctx.now())).kid}`, "no signing key can be loaded (is MANDATE_SECRET the one the keys were made with?)")
    : { ok: false, error: "not checked: the database does not answer" };
  const policy: Check = database.ok
    ? await settle(async () => {
        const active = await getActivePolicy(ctx);
        if (!active.snapshot) throw new Error(active.error);
        return `version ${active.version}`;
      }, "the active policy set does not compile: every credential request would be denied")
    : { ok: false, error: "not checked: the database does not answer" };
  const lifecycle: Check = isDraining() ? { ok: false, error: "shutting down" } : { ok: true };
  const checks = { database, signingKey, policy, lifecycle };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
