import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { defineOAuthRoute } from "@/lib/http/define-oauth-route";
import { required } from "@/lib/http/form";
import { readDpopProof } from "@/lib/services/broker/dpop-proof";
import { requestCredential } from "@/lib/services/broker/request-credential";
import { CIBA_GRANT, pollStepUp } from "@/lib/services/broker/poll-step-up";
import { exchangeToken, TOKEN_EXCHANGE_GRANT } from "@/lib/services/broker/exchange-token";

export const dynamic = "force-dynamic";

/** The token endpoint: client_credentials with intent, the CIBA poll for step-ups, and token exchange. */
export const POST = defineOAuthRoute({
  auth: "agent",
  endpoint: "token",
  // The DPoP proof is verified while the client assertion is (two signature checks that overlap).
  alongsideAuth: (req, ctx) => readDpopProof(req, env().broker.tokenEndpoint, ctx.now()),
  handler: async ({ ctx, form, client, alongside }) => {
    const grant = required(form, "grant_type");
    const dpop = await alongside;
    switch (grant) {
      case "client_credentials":
        return requestCredential(ctx, client, form, dpop);
      case CIBA_GRANT:
        return pollStepUp(ctx, client, form, dpop);
      case TOKEN_EXCHANGE_GRANT:
        return exchangeToken(ctx, client, form, dpop);
      default:
        throw new OAuthError("unsupported_grant_type", `grant_type ${grant.slice(0, 100)} is not supported`);
    }
  },
});
