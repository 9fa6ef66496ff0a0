import { defineRoute, json } from "@/lib/http/define-route";
import { ZAccessReviewListQuery, ZOpenAccessReview } from "@/lib/schemas/access-review";
import { listAccessReviews } from "@/lib/services/access-reviews/read-access-reviews";
import { openAccessReview } from "@/lib/services/access-reviews/open-access-review";
import { onReviewClock } from "@/lib/services/access-reviews/review-clock";

export const dynamic = "force-dynamic";

/** Campaigns, newest first, with their progress. */
export const GET = defineRoute({
  auth: "human",
  permission: "reviews:read",
  schemas: { query: ZAccessReviewListQuery },
  handler: async ({ ctx, actor, query }) => listAccessReviews(ctx, actor, query),
});

/** {name, scope, dueAt, onOverdue}: open a campaign; every agent in scope becomes a task for its owner. */
export const POST = defineRoute({
  auth: "human",
  permission: "reviews:manage",
  schemas: { body: ZOpenAccessReview },
  handler: async ({ ctx, actor, body }) => json(await openAccessReview(onReviewClock(ctx), actor, body), 201),
});
