import { env } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** RFC 8414 authorization server metadata. */
export const GET = defineRoute({
  auth: "public",
  handler: async () => {
    const { broker } = env();
    return Response.json(
      {
        issuer: broker.issuer,
        token_endpoint: broker.tokenEndpoint,
        introspection_endpoint: broker.introspectionEndpoint,
        revocation_endpoint: broker.revocationEndpoint,
        // Mandate's own: the push stream of revocations for resource servers, leak reports, and signal intake.
        mandate_revocation_stream_endpoint: env().revocationStream.endpoint,
        mandate_leak_report_endpoint: broker.leakReportEndpoint,
        mandate_signals_endpoint: broker.signalsEndpoint,
        jwks_uri: `${broker.issuer}/.well-known/jwks.json`,
        grant_types_supported: ["client_credentials", "urn:openid:params:grant-type:ciba", "urn:ietf:params:oauth:grant-type:token-exchange"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
        token_endpoint_auth_signing_alg_values_supported: ["EdDSA", "ES256"],
        introspection_endpoint_auth_methods_supported: ["private_key_jwt"],
        introspection_endpoint_auth_signing_alg_values_supported: ["EdDSA", "ES256"],
        revocation_endpoint_auth_methods_supported: ["private_key_jwt"],
        revocation_endpoint_auth_signing_alg_values_supported: ["EdDSA", "ES256"],
        dpop_signing_alg_values_supported: ["EdDSA", "ES256"],
        authorization_details_types_supported: ["agent_task"],
        backchannel_token_delivery_modes_supported: ["poll"],
        response_types_supported: [],
        service_documentation: `${broker.issuer}/api/openapi.json`,
      },
      { headers: { "cache-control": "public, max-age=300" } },
    );
  },
});
