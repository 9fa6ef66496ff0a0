import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZReason } from "@/lib/schemas/agent";
import { revokeCredentialByHand } from "@/lib/services/broker/revoke-by-hand";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams, body: ZReason },
  handler: async ({ ctx, actor, params, body }) => revokeCredentialByHand(ctx, actor, params.id, body.reason),
});
