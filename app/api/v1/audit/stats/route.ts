import { defineRoute } from "@/lib/http/define-route";
import { ZLogStatsQuery } from "@/lib/schemas/audit-log";
import { getLogStats } from "@/lib/services/audit-log/get-log-stats";

export const dynamic = "force-dynamic";

/** The log's charts: decisions per hour by outcome, step-up approval latency, top denied agents. */
export const GET = defineRoute({
  auth: "human",
  permission: "audit:read",
  schemas: { query: ZLogStatsQuery },
  handler: async ({ ctx, actor, query }) => getLogStats(ctx, actor, query),
});
