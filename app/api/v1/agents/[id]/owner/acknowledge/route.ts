import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => acknowledgeOwnership(ctx, actor, params.id),
});
