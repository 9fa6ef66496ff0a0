import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZUpdateUser } from "@/lib/schemas/user";
import { updateUser } from "@/lib/services/update-user";

export const dynamic = "force-dynamic";

export const PATCH = defineRoute({
  auth: "human",
  permission: "people:manage",
  schemas: { params: ZIdParams, body: ZUpdateUser },
  handler: async ({ ctx, actor, params, body }) => updateUser(ctx, actor, params.id, body),
});
