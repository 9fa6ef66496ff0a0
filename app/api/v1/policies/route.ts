import { defineRoute } from "@/lib/http/define-route";
import { getPolicyOverview } from "@/lib/services/policies/read-policies";

export const dynamic = "force-dynamic";

/** The active version, every version, open drafts, the Cedar schema and the library of shipped rules. */
export const GET = defineRoute({
  auth: "human",
  permission: "policies:read",
  handler: async ({ ctx, actor }) => getPolicyOverview(ctx, actor),
});
