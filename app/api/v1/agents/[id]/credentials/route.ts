import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { listLiveCredentials } from "@/lib/services/broker/list-live-credentials";

export const dynamic = "force-dynamic";

/** The agent's live credentials (not revoked, not expired), newest first. */
export const GET = defineRoute({
  auth: "human",
  permission: "agents:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => listLiveCredentials(ctx, actor, params.id),
});
