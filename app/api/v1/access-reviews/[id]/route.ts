import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { getAccessReview } from "@/lib/services/access-reviews/read-access-reviews";

export const dynamic = "force-dynamic";

/** One campaign, its progress and every task. */
export const GET = defineRoute({
  auth: "human",
  permission: "reviews:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getAccessReview(ctx, actor, params.id),
});
