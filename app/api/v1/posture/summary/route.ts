import { defineRoute } from "@/lib/http/define-route";
import { ZPostureSummaryQuery } from "@/lib/schemas/posture";
import { getPostureSummary } from "@/lib/services/posture/get-posture-summary";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "posture:read",
  schemas: { query: ZPostureSummaryQuery },
  handler: async ({ ctx, actor, query }) => getPostureSummary(ctx, actor, query),
});
