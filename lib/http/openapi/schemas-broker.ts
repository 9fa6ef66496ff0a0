// Schemas of the broker API: the declared intent, the form bodies of the
// token, introspection, revocation and task-completion endpoints, and what
// they answer. Limits are the ones lib/domain/authorization-details.ts and
// lib/jose/* enforce; OAuth error codes come from lib/broker/oauth-error.ts.
import { OAUTH_ERROR_STATUS } from "@/lib/broker/oauth-error";
import { MAX_ACTIONS, MAX_ENTRIES } from "@/lib/domain/authorization-details";
import { ref } from "./operations";
import type { JsonSchema } from "./from-zod";

const JWT = { type: "string", pattern: "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$", maxLength: 8192 };
const HTTP_URL = { type: "string", format: "uri", maxLength: 2048, description: "An absolute http(s) URL without credentials or fragment." };
const VERB = { type: "string", pattern: "^[a-z][a-z0-9_:.-]{0,63}$", description: "A lower-case verb such as read, refund or deploy-to-production." };

const CLIENT_AUTH_PROPERTIES: Record<string, JsonSchema> = {
  client_assertion_type: { const: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" },
  client_assertion: {
    ...JWT,
    description:
      "RFC 7523 client assertion signed (EdDSA or ES256) with a key registered for the client: `iss` = `sub` = the client id, `aud` = the token endpoint URL or the issuer (resource servers may also use the introspection endpoint URL), `exp` at most 300 seconds ahead, a unique `jti` (a replayed jti is refused). `alg: none`, HMAC and keys of other clients are refused.",
  },
  client_id: { type: "string", maxLength: 128, description: "Optional; when sent it must equal the assertion's `iss`." },
};
const CLIENT_AUTH_REQUIRED = ["client_assertion_type", "client_assertion"];

const formOf = (properties: Record<string, JsonSchema>, required: string[], description?: string): JsonSchema => ({
  type: "object",
  ...(description ? { description } : {}),
  properties: { ...properties, ...CLIENT_AUTH_PROPERTIES },
  required: [...required, ...CLIENT_AUTH_REQUIRED],
});

const AUTHORIZATION_DETAILS_FIELD = {
  type: "string",
  contentMediaType: "application/json",
  contentSchema: ref("AuthorizationDetails"),
  description: "The declared intent: a JSON-encoded RFC 9396 `authorization_details` array (see AuthorizationDetails).",
};
const EXPIRES_IN_FIELD = { type: "string", pattern: "^\\d{1,6}$", description: "Requested lifetime in seconds (1–86400). The granted lifetime is the smallest of this, the policy maximum, the agent's ceiling and, for delegation, the parent's remaining life." };

export const BROKER_SCHEMAS: Record<string, JsonSchema> = {
  AuthorizationDetail: {
    type: "object",
    description: "One system boundary the credential is for (`agent_task`, RFC 9396).",
    properties: {
      type: { const: "agent_task" },
      locations: { type: "array", items: HTTP_URL, minItems: 1, maxItems: 1, description: "Exactly one location: it becomes the token's `aud`." },
      actions: { type: "array", items: VERB, minItems: 1, maxItems: MAX_ACTIONS, description: "Verbs requested; duplicates are dropped. Each must lie within the agent's ceiling." },
      identifier: { type: "string", maxLength: 512, default: "", description: "What inside the location the task touches (printable text)." },
      intent: { type: "string", minLength: 1, maxLength: 1000, description: "What the task is, in words; shown to approvers and auditors." },
      task_id: { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$", description: "The client's own task id; requests with the same task_id share one Mandate task." },
    },
    required: ["type", "locations", "actions", "intent"],
    additionalProperties: false,
  },
  AuthorizationDetails: {
    type: "array",
    items: ref("AuthorizationDetail"),
    minItems: 1,
    maxItems: MAX_ENTRIES,
    description: "One entry per request: one credential covers exactly one system boundary; send one request per boundary.",
  },
  ClientCredentialsRequest: formOf(
    { grant_type: { const: "client_credentials" }, authorization_details: AUTHORIZATION_DETAILS_FIELD, expires_in: EXPIRES_IN_FIELD },
    ["grant_type", "authorization_details"],
    "Ask for a task-scoped credential for one declared intent.",
  ),
  CibaPollRequest: formOf(
    { grant_type: { const: "urn:openid:params:grant-type:ciba" }, auth_req_id: { type: "string", maxLength: 64, description: "The `auth_req_id` of a `step_up_required` answer." } },
    ["grant_type", "auth_req_id"],
    "Poll for a pending step-up. When the original request carried a DPoP proof, every poll must carry a proof from the same key.",
  ),
  TokenExchangeRequest: formOf(
    {
      grant_type: { const: "urn:ietf:params:oauth:grant-type:token-exchange" },
      subject_token: { ...JWT, description: "The parent credential (an access token Mandate issued to another agent)." },
      subject_token_type: { const: "urn:ietf:params:oauth:token-type:access_token" },
      requested_token_type: { const: "urn:ietf:params:oauth:token-type:access_token" },
      authorization_details: { ...AUTHORIZATION_DETAILS_FIELD, description: "Optional narrower intent: same location and identifier as the parent, a subset of its actions. Omitted: the parent's." },
      expires_in: EXPIRES_IN_FIELD,
    },
    ["grant_type", "subject_token", "subject_token_type"],
    "A registered sub-agent, authenticating as itself, trades its parent's token for a narrower one that carries an `act` chain and dies with the parent.",
  ),
  TokenResponse: {
    type: "object",
    properties: {
      access_token: { ...JWT, description: "A JWT (`typ: at+jwt`, EdDSA) signed by Mandate; see AccessTokenClaims." },
      token_type: { enum: ["DPoP", "Bearer"], description: "`DPoP` when the request carried a DPoP proof (the token is bound to its key)." },
      expires_in: { type: "integer", minimum: 1 },
      authorization_details: { type: "array", items: ref("AuthorizationDetail"), description: "What was granted (normalised)." },
      task_id: { type: "string", description: "Mandate's id of the task; report its end at /api/v1/tasks/{task_id}/complete." },
      decision_id: { type: "string", description: "The recorded policy decision." },
      issued_token_type: { const: "urn:ietf:params:oauth:token-type:access_token", description: "RFC 8693: present in answer to a token exchange only." },
    },
    required: ["access_token", "token_type", "expires_in", "authorization_details", "task_id", "decision_id"],
  },
  ActorClaim: {
    type: "object",
    description: "RFC 8693 actor: the current holder, with the previous one nested inside.",
    properties: { sub: { type: "string" }, act: ref("ActorClaim") },
    required: ["sub"],
  },
  AccessTokenClaims: {
    type: "object",
    description: "The payload of a Mandate access token (header: `alg: EdDSA`, `typ: at+jwt`, `kid` from the JWKS).",
    properties: {
      iss: { type: "string", description: "The issuer (Mandate's public URL)." },
      sub: { type: "string", description: "The agent's client id; for a delegated token, the agent at the root of the chain." },
      aud: { type: "string", description: "The single location (system boundary) the token is good for." },
      exp: { type: "integer" },
      iat: { type: "integer" },
      jti: { type: "string" },
      client_id: { type: "string", description: "The agent holding this token." },
      authorization_details: { type: "array", items: ref("AuthorizationDetail") },
      task_id: { type: "string" },
      cnf: { type: "object", properties: { jkt: { type: "string", description: "RFC 7638 SHA-256 thumbprint of the DPoP key." } }, required: ["jkt"] },
      act: ref("ActorClaim"),
    },
    required: ["iss", "sub", "aud", "exp", "iat", "jti", "client_id", "authorization_details", "task_id"],
  },
  OAuthError: {
    type: "object",
    description: "OAuth error body. Every broker error carries `request_id` (also in the x-request-id header).",
    properties: {
      error: { enum: Object.keys(OAUTH_ERROR_STATUS) },
      error_description: { type: "string" },
      request_id: { type: "string", format: "uuid" },
      decision_id: { type: "string", description: "With `access_denied` and `step_up_required` when a policy decision was recorded." },
      auth_req_id: { type: "string", description: "With `step_up_required`." },
      expires_in: { type: "integer", description: "With `step_up_required`: seconds until the step-up request expires." },
      interval: { type: "integer", description: "With `step_up_required`, `authorization_pending` and `slow_down`: seconds to wait between polls." },
    },
    required: ["error", "error_description", "request_id"],
  },
  StepUpRequiredError: {
    allOf: [ref("OAuthError")],
    type: "object",
    properties: { error: { const: "step_up_required" } },
    required: ["error", "auth_req_id", "expires_in", "interval", "decision_id"],
  },
  IntrospectionRequest: formOf({ token: { type: "string", maxLength: 8192, description: "The access token to ask about. Missing or malformed: `{active: false}`." }, token_type_hint: { type: "string", description: "Accepted and ignored." } }, []),
  IntrospectionResponse: {
    oneOf: [
      { type: "object", properties: { active: { const: false } }, required: ["active"], additionalProperties: false },
      {
        allOf: [ref("AccessTokenClaims")],
        type: "object",
        properties: { active: { const: true }, token_type: { enum: ["DPoP", "Bearer"] } },
        required: ["active", "token_type"],
      },
    ],
    description: "`active: false` for any token that is not this resource's audience, revoked, expired, of an ended task or of an agent that is not ACTIVE.",
  },
  RevocationRequest: formOf({ token: { type: "string", maxLength: 8192, description: "A token issued to the authenticated agent (expired tokens may be returned too)." }, token_type_hint: { type: "string", description: "Accepted and ignored." } }, []),
  TaskCompletionRequest: formOf({ status: { enum: ["succeeded", "failed"] } }, ["status"]),
  TaskCompletion: {
    type: "object",
    properties: { task_id: { type: "string" }, status: { enum: ["succeeded", "failed"] }, revoked_credentials: { type: "integer", minimum: 0, description: "Credentials of the task (delegated children included) revoked by this call." } },
    required: ["task_id", "status", "revoked_credentials"],
  },
  ServerMetadata: {
    type: "object",
    description: "RFC 8414 authorization server metadata.",
    properties: {
      issuer: { type: "string" },
      token_endpoint: { type: "string" },
      introspection_endpoint: { type: "string" },
      revocation_endpoint: { type: "string" },
      jwks_uri: { type: "string" },
      grant_types_supported: { type: "array", items: { type: "string" } },
      token_endpoint_auth_methods_supported: { type: "array", items: { const: "private_key_jwt" } },
      token_endpoint_auth_signing_alg_values_supported: { type: "array", items: { enum: ["EdDSA", "ES256"] } },
      introspection_endpoint_auth_methods_supported: { type: "array", items: { type: "string" } },
      introspection_endpoint_auth_signing_alg_values_supported: { type: "array", items: { type: "string" } },
      revocation_endpoint_auth_methods_supported: { type: "array", items: { type: "string" } },
      revocation_endpoint_auth_signing_alg_values_supported: { type: "array", items: { type: "string" } },
      dpop_signing_alg_values_supported: { type: "array", items: { enum: ["EdDSA", "ES256"] } },
      authorization_details_types_supported: { type: "array", items: { const: "agent_task" } },
      backchannel_token_delivery_modes_supported: { type: "array", items: { const: "poll" } },
      response_types_supported: { type: "array", maxItems: 0 },
      service_documentation: { type: "string", description: "This OpenAPI document." },
    },
    required: ["issuer", "token_endpoint", "jwks_uri", "grant_types_supported"],
  },
  SigningKeys: {
    type: "object",
    description: "Mandate's public signing keys: the active one, and retired ones until their last token has expired.",
    properties: {
      keys: {
        type: "array",
        items: { type: "object", properties: { kty: { const: "OKP" }, crv: { const: "Ed25519" }, x: { type: "string" }, kid: { type: "string" }, alg: { const: "EdDSA" }, use: { const: "sig" } }, required: ["kty", "crv", "x", "kid", "alg"] },
      },
    },
    required: ["keys"],
  },
};
