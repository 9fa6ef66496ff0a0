import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { markNotificationsRead } from "@/lib/services/list-notifications";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "notifications:own",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => markNotificationsRead(ctx, actor, params.id),
});
