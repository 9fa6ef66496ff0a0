import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZAssignOwner } from "@/lib/schemas/agent";
import { assignOwner } from "@/lib/services/assign-owner";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams, body: ZAssignOwner },
  handler: async ({ ctx, actor, params, body }) => assignOwner(ctx, actor, params.id, body),
});
