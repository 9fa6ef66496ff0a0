import { defineOAuthRoute } from "@/lib/http/define-oauth-route";
import { introspectToken } from "@/lib/services/broker/introspect-token";

export const dynamic = "force-dynamic";

/** RFC 7662 introspection, for registered resource servers (private_key_jwt). */
export const POST = defineOAuthRoute({
  auth: "resource-server",
  endpoint: "introspect",
  handler: async ({ ctx, form, client }) => introspectToken(ctx, client, form.get("token")),
});
