import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { revokeAccessToken } from "@/lib/services/revoke-access-token";

export const dynamic = "force-dynamic";

export const DELETE = defineRoute({
  auth: "human",
  permission: "tokens:own",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => revokeAccessToken(ctx, actor, params.id),
});
