import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZDecideReviewTask } from "@/lib/schemas/access-review";
import { decideReviewTask } from "@/lib/services/access-reviews/decide-review-task";
import { onReviewClock } from "@/lib/services/access-reviews/review-clock";

export const dynamic = "force-dynamic";

/** {decision: KEEP | NARROW | DECOMMISSION, justification, ceiling?}: only the task's reviewer decides it. */
export const POST = defineRoute({
  auth: "human",
  permission: "reviews:decide-own",
  schemas: { params: ZIdParams, body: ZDecideReviewTask },
  handler: async ({ ctx, actor, params, body }) => decideReviewTask(onReviewClock(ctx), actor, params.id, body),
});
