import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZReason } from "@/lib/schemas/agent";
import { changeAgentStatus } from "@/lib/services/change-agent-status";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams, body: ZReason },
  handler: async ({ ctx, actor, params, body }) => changeAgentStatus(ctx, actor, params.id, "decommission", body.reason),
});
