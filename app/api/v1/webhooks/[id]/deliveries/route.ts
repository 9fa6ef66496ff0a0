import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { listDeliveries } from "@/lib/services/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

/** The delivery log: every attempt's outcome, for admins. */
export const GET = defineRoute({
  auth: "human",
  permission: "webhooks:manage",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => ({ items: await listDeliveries(ctx, actor, params.id) }),
});
