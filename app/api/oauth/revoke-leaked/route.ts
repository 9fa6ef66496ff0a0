import { defineOAuthRoute } from "@/lib/http/define-oauth-route";
import { clientAddress } from "@/lib/http/authenticate";
import { AppError } from "@/lib/errors";
import { reportLeakedToken } from "@/lib/services/broker/report-leaked-token";

export const dynamic = "force-dynamic";

/**
 * A token found in the wild: possession is the proof. Always 200 `{}` —
 * whether the token was valid, unknown or already dead is never revealed.
 */
export const POST = defineOAuthRoute({
  auth: "none",
  endpoint: "revoke-leaked",
  handler: async ({ req, ctx, form }) => {
    try {
      await reportLeakedToken(ctx, {
        token: form.get("token"),
        reportedFrom: form.get("reported_from"),
        note: form.get("note"),
        clientIp: clientAddress(req.headers),
        userAgent: req.headers.get("user-agent"),
      });
    } catch (e) {
      if (e instanceof AppError && e.code === "rate_limited") {
        return Response.json({ error: "slow_down", error_description: e.message }, { status: 429, headers: { "cache-control": "no-store", "retry-after": "60" } });
      }
      throw e;
    }
    return Response.json({}, { headers: { "cache-control": "no-store", pragma: "no-cache" } });
  },
});
