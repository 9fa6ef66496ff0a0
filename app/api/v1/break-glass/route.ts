import { defineRoute } from "@/lib/http/define-route";
import { ZBreakGlass } from "@/lib/schemas/broker";
import { breakGlass } from "@/lib/services/broker/revoke-by-hand";

export const dynamic = "force-dynamic";

/** Revoke everything of an owner ({scope:"owner", ownerId}) or of everyone ({scope:"all", confirm}), with a reason. */
export const POST = defineRoute({
  auth: "human",
  permission: "credentials:break-glass",
  schemas: { body: ZBreakGlass },
  handler: async ({ ctx, actor, body }) => breakGlass(ctx, actor, body),
});
