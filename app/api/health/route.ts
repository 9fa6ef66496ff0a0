import { defineRoute, json } from "@/lib/http/define-route";
import { checkHealth } from "@/lib/services/ops/check-health";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "public",
  handler: async ({ ctx }) => {
    const health = await checkHealth(ctx);
    return json(health, health.database.reachable ? 200 : 503);
  },
});
