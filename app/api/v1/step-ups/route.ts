import { defineRoute } from "@/lib/http/define-route";
import { ZStepUpListQuery } from "@/lib/schemas/broker";
import { listStepUps } from "@/lib/services/broker/get-step-up";

export const dynamic = "force-dynamic";

/** Step-up requests the caller may see (owners: their agents'), newest first. */
export const GET = defineRoute({
  auth: "human",
  permission: "step-ups:read",
  schemas: { query: ZStepUpListQuery },
  handler: async ({ ctx, actor, query }) => listStepUps(ctx, actor, query),
});
