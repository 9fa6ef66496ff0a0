import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { getStepUp } from "@/lib/services/broker/get-step-up";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "step-ups:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getStepUp(ctx, actor, params.id),
});
