import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZReason } from "@/lib/schemas/agent";
import { revokeTaskByHand } from "@/lib/services/broker/revoke-by-hand";

export const dynamic = "force-dynamic";

/** A person ends a task and kills all its credentials. */
export const POST = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams, body: ZReason },
  handler: async ({ ctx, actor, params, body }) => revokeTaskByHand(ctx, actor, params.id, body.reason),
});
