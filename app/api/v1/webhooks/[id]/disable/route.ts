import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { disableWebhook } from "@/lib/services/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "webhooks:manage",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => disableWebhook(ctx, actor, params.id),
});
