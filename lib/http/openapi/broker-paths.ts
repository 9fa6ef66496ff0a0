// The broker API (for machines): discovery, the token endpoint with its three
// grants, introspection, revocation and task completion. Every error here is
// an OAuth error body, never problem+json (lib/http/define-oauth-route.ts).
import { MAX_FORM_BYTES } from "../form";
import type { JsonSchema } from "./from-zod";
import { formBody, ID_PATH_PARAMETER, jsonResponse, oauthOperation, publicOperation, ref, REQUEST_ID_HEADER } from "./operations";

const BROKER = ["Broker"];

const example = (summary: string, value: Record<string, unknown>) => ({ summary, value: { ...value, request_id: "7c0e2f1e-5b7a-4d0c-9a57-0d8f1f3a2b11" } });

const TOKEN_ERRORS = {
  step_up_required: example("Policy asks a person to approve this exact request first; poll with the CIBA grant", {
    error: "step_up_required",
    error_description: "a person must approve this exact request first: step-up-destructive-verb (The action is destructive or irreversible, so a human must approve this exact request.)",
    auth_req_id: "Yq3n1x0bS2KpQyH5w8c4Zg",
    expires_in: 900,
    interval: 5,
    decision_id: "b5a0mZ9kR2e4tVb0Qy3lIw",
  }),
  access_denied: example("Policy denied the request (or, when polling, a person denied it)", { error: "access_denied", error_description: "denied by policy: ceiling-action (The requested action is outside the agent's registered capability ceiling.)", decision_id: "b5a0mZ9kR2e4tVb0Qy3lIw" }),
  authorization_pending: example("Polling: nobody has decided yet", { error: "authorization_pending", error_description: "waiting for a person to approve the request", interval: 5 }),
  slow_down: example("Polling faster than `interval`: wait the new, longer interval", { error: "slow_down", error_description: "polling too fast: wait at least 10 seconds between polls", interval: 10 }),
  expired_token: example("Polling: the step-up request expired", { error: "expired_token", error_description: "the step-up request expired before it was approved and redeemed" }),
  invalid_grant: example("Polling a redeemed approval or an unknown auth_req_id; a dead subject_token", { error: "invalid_grant", error_description: "this approval was already redeemed" }),
  invalid_authorization_details: example("The declared intent is malformed", { error: "invalid_authorization_details", error_description: "authorization_details[0].actions must be a non-empty array of verbs" }),
  invalid_dpop_proof: example("The DPoP header is malformed, stale, replayed or for another URL", { error: "invalid_dpop_proof", error_description: "DPoP proof refused (wrong_htu): the DPoP proof htu must be the URL of this request without query or fragment (http://localhost:3000/api/oauth/token)" }),
  invalid_request: example("Missing, repeated or malformed parameter", { error: "invalid_request", error_description: "expires_in must be a whole number of seconds between 1 and 86400" }),
  unsupported_grant_type: example("Not one of the three grants", { error: "unsupported_grant_type", error_description: "grant_type password is not supported" }),
};

const DPOP_HEADER: JsonSchema = {
  name: "DPoP",
  in: "header",
  required: false,
  description:
    "RFC 9449 proof of possession: a JWT with `typ: dpop+jwt`, `alg` EdDSA or ES256, the public `jwk` in its header, and `htm: POST`, `htu` = the token endpoint URL, `iat` (at most 60 s old), a unique `jti`. With it the token is bound to the key (`cnf.jkt`, `token_type: DPoP`). Agents that require DPoP (every HIGH and CRITICAL agent) are denied without it.",
  schema: { type: "string" },
};

const oauthErrors = (description: string, examples: Record<string, unknown>): JsonSchema => ({
  description,
  headers: REQUEST_ID_HEADER,
  content: { "application/json": { schema: ref("OAuthError"), examples } },
});

export function brokerPaths(): Record<string, JsonSchema> {
  return {
    "/.well-known/oauth-authorization-server": {
      get: publicOperation({
        operationId: "getServerMetadata",
        tags: BROKER,
        summary: "Authorization server metadata (RFC 8414)",
        responses: { "200": jsonResponse("Endpoints, grant types, algorithms. Cacheable for 5 minutes.", ref("ServerMetadata")) },
      }),
    },
    "/.well-known/jwks.json": {
      get: publicOperation({
        operationId: "getSigningKeys",
        tags: BROKER,
        summary: "Mandate's public signing keys (RFC 7517)",
        description: "Resource servers verify access tokens locally with these keys (by `kid`). Retired keys stay until the last token they signed has expired. Cacheable for 60 seconds.",
        responses: { "200": jsonResponse("The key set.", ref("SigningKeys")) },
      }),
    },
    "/api/oauth/token": {
      post: oauthOperation({
        operationId: "requestToken",
        tags: BROKER,
        summary: "Token endpoint: client_credentials with intent, CIBA poll, token exchange",
        description: [
          `Form-encoded (RFC 6749); parameters must not repeat; at most ${MAX_FORM_BYTES / 1024} KiB. The agent authenticates with \`private_key_jwt\` on every call (a fresh assertion each time: its \`jti\` is single-use).`,
          "An agent bound to a federated subject sends its platform's token (a CI job's OIDC token, a Kubernetes service-account token, a SPIFFE JWT-SVID) as `client_assertion` with the same `client_assertion_type`: its signature (RS/PS/ES/EdDSA — never `none` or HMAC), issuer, audience and lifetime are checked against the trust configuration of its issuer, and its subject and claims must map to exactly one agent; `client_id`, if sent, must be that agent. A token with a `jti` is single-use; one without is accepted again until it expires. Refusals are `invalid_client`.",
          "- `client_credentials` + `authorization_details`: policy decides at request time — **allow** (200), **deny** (`access_denied` + `decision_id`) or **step-up** (`step_up_required` + `auth_req_id`, `expires_in`, `interval`, `decision_id`).",
          "- `urn:openid:params:grant-type:ciba` + `auth_req_id`: poll no faster than `interval` seconds: `authorization_pending`, `slow_down` (the interval grows by 5 s), `access_denied`, `expired_token`; 200 with the credential once approved — exactly once; polling again answers `invalid_grant`.",
          "- `urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693): a narrower, shorter-lived token for a sub-agent, carrying an `act` chain; may itself need a step-up.",
        ].join("\n"),
        client: "agent",
        parameters: [DPOP_HEADER],
        body: formBody(
          { oneOf: [ref("ClientCredentialsRequest"), ref("CibaPollRequest"), ref("TokenExchangeRequest")], discriminator: {
              propertyName: "grant_type",
              mapping: {
                client_credentials: "#/components/schemas/ClientCredentialsRequest",
                "urn:openid:params:grant-type:ciba": "#/components/schemas/CibaPollRequest",
                "urn:ietf:params:oauth:grant-type:token-exchange": "#/components/schemas/TokenExchangeRequest",
              },
            },
          },
          {
            client_credentials: {
              summary: "Ask for a credential",
              value: {
                grant_type: "client_credentials",
                client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                client_assertion: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJpc3MiOiIuLi4ifQ.c2ln",
                authorization_details: '[{"type":"agent_task","locations":["https://billing.internal"],"actions":["read"],"identifier":"invoices/2026-11","intent":"Reconcile November invoices"}]',
                expires_in: "300",
              },
            },
            ciba: { summary: "Poll a step-up", value: { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: "Yq3n1x0bS2KpQyH5w8c4Zg", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiIuLi4ifQ.c2ln" } },
          },
        ),
        responses: {
          "200": jsonResponse("The credential. Cache-Control: no-store.", ref("TokenResponse")),
          "400": oauthErrors("The request was refused, or (polling) is still waiting. See `error`.", TOKEN_ERRORS),
        },
      }),
    },
    "/api/oauth/introspect": {
      post: oauthOperation({
        operationId: "introspectToken",
        tags: BROKER,
        summary: "Token introspection for resource servers (RFC 7662)",
        description:
          "A registered protected resource authenticates with its own key (`private_key_jwt`, its id as client id; `aud` = the introspection endpoint URL, the issuer or the token endpoint URL) and learns only about tokens whose audience is its own. Check `cnf.jkt` against the DPoP proof the caller presented.",
        client: "resource-server",
        body: formBody(ref("IntrospectionRequest")),
        responses: {
          "200": jsonResponse("Whether the token is active, and for what.", ref("IntrospectionResponse")),
          "400": { $ref: "#/components/responses/OAuthInvalidRequest" },
        },
      }),
    },
    "/api/oauth/revoke": {
      post: oauthOperation({
        operationId: "revokeToken",
        tags: BROKER,
        summary: "An agent gives a token back (RFC 7009)",
        description: "Always 200 with an empty body for an authenticated agent, whatever the token was (the endpoint reveals nothing). Only the agent that holds a credential can revoke it; its delegated children die with it.",
        client: "agent",
        body: formBody(ref("RevocationRequest")),
        responses: {
          "200": { description: "Revoked, or nothing to revoke.", headers: REQUEST_ID_HEADER },
          "400": { $ref: "#/components/responses/OAuthInvalidRequest" },
        },
      }),
    },
    "/api/v1/tasks/{id}/complete": {
      post: oauthOperation({
        operationId: "completeTask",
        tags: BROKER,
        summary: "The agent reports its task succeeded or failed",
        description: "Form body, authenticated by a client assertion exactly like the token endpoint. The task ends and every credential of it (and its delegated children) is revoked at once. `{id}` is the `task_id` of the token response.",
        client: "agent",
        parameters: [{ ...ID_PATH_PARAMETER, description: "The task_id from the token response." }],
        body: formBody(ref("TaskCompletionRequest")),
        responses: {
          "200": jsonResponse("The task ended.", ref("TaskCompletion")),
          "400": oauthErrors("`invalid_request`: status is not succeeded/failed, the task is unknown (or another agent's), or it already ended.", {
            ended: example("Reported twice", { error: "invalid_request", error_description: "the task already ended (succeeded)" }),
          }),
        },
      }),
    },
  };
}
