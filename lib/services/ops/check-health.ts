import { dbProvider } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/services/context";

export async function checkHealth(ctx: ServiceContext) {
  const started = performance.now();
  try {
    await ctx.db.$queryRawUnsafe("SELECT 1");
    return { status: "ok" as const, database: { reachable: true, provider: dbProvider(), latencyMs: Math.round((performance.now() - started) * 10) / 10 } };
  } catch {
    return { status: "degraded" as const, database: { reachable: false, provider: dbProvider() } };
  }
}
