import { defineRoute } from "@/lib/http/define-route";
import { ZReviewTaskListQuery } from "@/lib/schemas/access-review";
import { listMyReviewTasks } from "@/lib/services/access-reviews/read-access-reviews";

export const dynamic = "force-dynamic";

/** The signed-in person's review tasks (?state=open|decided|all). */
export const GET = defineRoute({
  auth: "human",
  permission: "reviews:decide-own",
  schemas: { query: ZReviewTaskListQuery },
  handler: async ({ ctx, actor, query }) => listMyReviewTasks(ctx, actor, query),
});
