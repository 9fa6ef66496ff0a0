// Shared responses, headers and security schemes: what the two route
// wrappers answer on failure, and how callers authenticate.
import { MAX_JSON_BODY_BYTES } from "../body";
import type { JsonSchema } from "./from-zod";
import { REQUEST_ID_HEADER, ref } from "./operations";

const problem = (description: string, code: string, detail: string, extra: JsonSchema = {}): JsonSchema => ({
  description,
  headers: REQUEST_ID_HEADER,
  content: {
    "application/problem+json": {
      schema: ref("Problem"),
      example: { type: "about:blank", title: description, status: Number(extra.status ?? 400), detail, code, requestId: "7c0e2f1e-5b7a-4d0c-9a57-0d8f1f3a2b11", ...(extra.invalid_params ? { invalid_params: extra.invalid_params } : {}) },
    },
  },
});

const oauthError = (description: string, example: JsonSchema, headers: JsonSchema = {}): JsonSchema => ({
  description,
  headers: { ...REQUEST_ID_HEADER, ...headers },
  content: { "application/json": { schema: ref("OAuthError"), example: { ...example, request_id: "7c0e2f1e-5b7a-4d0c-9a57-0d8f1f3a2b11" } } },
});

export const RESPONSES: Record<string, JsonSchema> = {
  ValidationFailed: problem("Validation failed", "validation_failed", "invalid body: ceiling.audiences.0 must be an absolute http(s) URL without credentials or fragment", {
    invalid_params: [{ name: "ceiling.audiences.0", reason: "must be an absolute http(s) URL without credentials or fragment" }],
  }),
  Unauthenticated: {
    ...problem("Authentication required", "unauthenticated", "the access token is invalid, expired or revoked", { status: 401 }),
    headers: { ...REQUEST_ID_HEADER, "www-authenticate": { schema: { const: 'Bearer realm="mandate"' } } },
  },
  Forbidden: problem("Forbidden", "forbidden", 'your role (AUDITOR) cannot do this: it needs "agents:register" (register new agent identities)', { status: 403 }),
  NotFound: problem("Not found", "not_found", "no agent with id 3xY…", { status: 404 }),
  Conflict: problem("Conflict", "conflict", "the agent is already suspended", { status: 409 }),
  PayloadTooLarge: problem("Payload too large", "payload_too_large", `the request body is larger than ${MAX_JSON_BODY_BYTES} bytes`, { status: 413 }),
  UnsupportedMediaType: problem("Unsupported media type", "unsupported_media_type", "the request body must be JSON (Content-Type: application/json)", { status: 415 }),
  Internal: problem("Internal error", "internal", "something went wrong on our side; quote request id 7c0e2f1e-… when reporting it", { status: 500 }),
  InvalidClient: oauthError(
    "Client authentication failed (`invalid_client`): missing, malformed, expired, replayed or wrongly signed assertion, unknown client, or a suspended or decommissioned agent. Every refusal is audited.",
    { error: "invalid_client", error_description: "client assertion refused (replayed): this jti was already used" },
    { "www-authenticate": { schema: { const: 'Bearer error="invalid_client"' } } },
  ),
  OAuthServerError: oauthError("The request could not be completed; no credential was issued.", { error: "server_error", error_description: "the request could not be completed; quote request id 7c0e2f1e-…" }),
  OAuthInvalidRequest: oauthError("`invalid_request`: the body is not a form, a parameter is missing, repeated or malformed.", { error: "invalid_request", error_description: "missing parameter grant_type" }),
};

export const HEADERS: Record<string, JsonSchema> = {
  RequestId: { description: "The request's id; it is also in every error body and in the audit trail.", schema: { type: "string", format: "uuid" } },
};

export function securitySchemes(opts: { tokenUrl: string; sessionCookieName: string }): Record<string, JsonSchema> {
  const privateKeyJwt = (who: string) => ({
    type: "oauth2",
    description: `${who} authenticate with \`private_key_jwt\` (RFC 7523): the form body carries \`client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\` and a \`client_assertion\` JWT signed by a key registered for the client (EdDSA or ES256). No client secrets exist.`,
    "x-token-endpoint-auth-method": "private_key_jwt",
    flows: { clientCredentials: { tokenUrl: opts.tokenUrl, scopes: {} } },
  });
  return {
    personalAccessToken: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "mdt_…",
      description: "A personal access token (`Authorization: Bearer mdt_…`), created at POST /api/v1/tokens or on the API tokens page; it acts with its person's role. A presented token that does not work is a 401 even when a session cookie is present.",
    },
    sessionCookie: {
      type: "apiKey",
      in: "cookie",
      name: opts.sessionCookieName,
      description: "The dashboard session. State-changing requests with it must come from Mandate's own origin (Origin / Sec-Fetch-Site); cross-site requests are refused with 403.",
    },
    metricsToken: {
      type: "http",
      scheme: "bearer",
      description: "The scrape token configured in `MANDATE_METRICS_TOKEN` (at least 32 characters). Without that variable /api/metrics answers 404.",
    },
    agentPrivateKeyJwt: privateKeyJwt("Agents"),
    resourcePrivateKeyJwt: privateKeyJwt("Protected resources (their id is the client id)"),
    signalProviderPrivateKeyJwt: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "Signal providers: a Security Event Token signed by a key registered for the provider, or (JSON form) `Authorization: Bearer` with a private_key_jwt assertion whose `aud` is the signals URL.",
    },
  };
}
