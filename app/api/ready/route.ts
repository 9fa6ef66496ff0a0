import { defineRoute, json } from "@/lib/http/define-route";
import { checkReadiness } from "@/lib/services/ops/check-readiness";

export const dynamic = "force-dynamic";

/** Readiness probe: 200 when this instance can issue credentials, 503 otherwise (and while shutting down). */
export const GET = defineRoute({
  auth: "public",
  handler: async ({ ctx }) => {
    const readiness = await checkReadiness(ctx);
    return json(readiness, readiness.ready ? 200 : 503);
  },
});
