import { defineRoute } from "@/lib/http/define-route";
import { markNotificationsRead } from "@/lib/services/list-notifications";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "notifications:own",
  handler: async ({ ctx, actor }) => markNotificationsRead(ctx, actor, "all"),
});
