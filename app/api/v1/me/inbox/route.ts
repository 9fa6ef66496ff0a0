import { defineRoute } from "@/lib/http/define-route";
import { countDecidableStepUps } from "@/lib/services/broker/get-step-up";
import { countUnreadNotifications } from "@/lib/services/list-notifications";
import { countMyOpenReviewTasks } from "@/lib/services/access-reviews/read-access-reviews";

export const dynamic = "force-dynamic";

/** The counts behind the navigation badges: approvals and access reviews waiting for me, unread notifications. */
export const GET = defineRoute({
  auth: "human",
  permission: "notifications:own",
  handler: async ({ ctx, actor }) => ({
    pendingApprovals: await countDecidableStepUps(ctx, actor),
    unreadNotifications: await countUnreadNotifications(ctx, actor),
    pendingReviews: await countMyOpenReviewTasks(ctx, actor),
  }),
});
