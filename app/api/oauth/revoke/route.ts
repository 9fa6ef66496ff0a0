import { defineOAuthRoute } from "@/lib/http/define-oauth-route";
import { revokeToken } from "@/lib/services/broker/revoke-token";

export const dynamic = "force-dynamic";

/** RFC 7009: an agent gives a token back. Always 200 for an authenticated agent. */
export const POST = defineOAuthRoute({
  auth: "agent",
  endpoint: "revoke",
  handler: async ({ ctx, form, client }) => {
    await revokeToken(ctx, client, form.get("token"));
    return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
  },
});
