// Push revocation, leak reports and state-change signals (issue 9 §3–5).
import { MAX_FORM_BYTES } from "../form";
import { ZRegisterSignalProvider } from "@/lib/schemas/signals";
import { SIGNAL_EVENT_URIS } from "@/lib/domain/signals";
import { fromZod, type JsonSchema } from "./from-zod";
import { formBody, humanOperation, jsonBody, jsonResponse, ref, REQUEST_ID_HEADER } from "./operations";

const oauthError = (description: string): JsonSchema => ({ description, headers: REQUEST_ID_HEADER, content: { "application/json": { schema: ref("OAuthError") } } });
const SIGNAL_PROVIDER: JsonSchema = { type: "object", properties: { id: { type: "string", description: "The provider's id: `iss` of its SETs, `iss`/`sub` of its assertions." }, name: { type: "string" }, jwks: ref("PublicJwks"), createdAt: { type: "string", format: "date-time" }, createdById: { type: "string" } }, required: ["id", "name", "jwks", "createdAt", "createdById"] };

export function signalPaths(): Record<string, JsonSchema> {
  return {
    "/api/oauth/revoke-leaked": {
      post: {
        operationId: "reportLeakedToken",
        tags: ["Revocation"],
        summary: "Report a Mandate token found in the wild (possession is the proof)",
        description: `Unauthenticated, form-encoded (at most ${MAX_FORM_BYTES / 1024} KiB). If Mandate issued the token, it is revoked with its task and the task's delegated children (trigger \`leaked\`), the owner and backup are notified, webhooks get \`credential.leak_reported\`, and the report — address, user agent, \`reported_from\`, \`note\` — is audited. The answer is always 200 \`{}\` after at least 250 ms, whether the token was valid, dead, unknown or garbage. Rate-limited per address (MANDATE_LEAK_REPORTS_PER_ADDRESS per sign-in window).`,
        security: [],
        requestBody: formBody({ type: "object", properties: { token: { type: "string", maxLength: 8192 }, reported_from: { type: "string", maxLength: 500, description: "Where it was found (URL, repository, log)." }, note: { type: "string", maxLength: 1000 } }, required: ["token"] }),
        responses: {
          "200": jsonResponse("Received (whatever the token was).", { type: "object", additionalProperties: false }),
          "400": { $ref: "#/components/responses/OAuthInvalidRequest" },
          "429": oauthError("Too many reports from this address (`slow_down`); Retry-After says when to try again."),
          "500": { $ref: "#/components/responses/OAuthServerError" },
        },
      },
    },
    "/api/v1/revocations/stream": {
      get: {
        operationId: "streamRevocations",
        tags: ["Revocation"],
        summary: "Server-sent events: revocations of the calling resource server's audience",
        description: [
          "`Authorization: Bearer <assertion>`: a JWT signed by a key registered for the protected resource — `iss` = `sub` = its id, `aud` = this URL exactly, `exp` at most 5 minutes ahead, a `jti` used once (a replayed assertion is refused).",
          "Each event: `id: <seq>`, `event: revocation`, `data: {seq, jti_hash, aud, reason, revoked_at, recorded_at, exp}` — `jti_hash` is the lowercase hex SHA-256 of the token's `jti`, `reason` the trigger (task_completed, leaked, instance_restarted, parent_revoked …), `revoked_at` when the revocation was asked for, `recorded_at` when it was written (just before its commit), `exp` when the token would have expired anyway. Events come in commit order; `event: ready` marks the end of the catch-up; `: heartbeat` comments keep idle streams open.",
          "`Last-Event-ID: <seq>` resumes right after that event; without it the stream first sends every revoked credential of the audience that has not expired yet. A stream ends after MANDATE_REVOCATION_STREAM_MAX_SECONDS, at shutdown, or when its reader falls behind: reconnect with Last-Event-ID and a fresh assertion.",
        ].join("\n\n"),
        security: [{ resourcePrivateKeyJwt: [] }],
        parameters: [{ name: "Last-Event-ID", in: "header", required: false, schema: { type: "string", pattern: "^\\d{1,15}$" } }],
        responses: {
          "200": { description: "The stream.", content: { "text/event-stream": { schema: { type: "string" } } } },
          "400": { $ref: "#/components/responses/OAuthInvalidRequest" },
          "401": { $ref: "#/components/responses/InvalidClient" },
          "503": oauthError("This resource already holds MANDATE_REVOCATION_STREAMS_PER_RESOURCE streams on this instance (`temporarily_unavailable`)."),
          "500": { $ref: "#/components/responses/OAuthServerError" },
        },
      },
    },
    "/api/v1/signals": {
      post: {
        operationId: "receiveSignals",
        tags: ["Revocation"],
        summary: "State-change signals from a registered signal provider",
        description: [
          "Either a Security Event Token (RFC 8417; `Content-Type: application/secevent+jwt`) signed by the provider's registered key — header `typ: secevent+jwt`, `iss` = the provider's id, `aud` = this URL, `iat` at most 5 minutes old, `jti` used once — or the JSON form (`Content-Type: application/json`) with `Authorization: Bearer <assertion>` (iss = sub = the provider's id, aud = this URL).",
          `Event URIs: ${Object.entries(SIGNAL_EVENT_URIS).map(([k, v]) => `\`${v}\` (${k})`).join(", ")}. JSON form: \`{"type": "instance_restarted", "subject": {"instance_id": "pod-7f9c"}, "reason": "…"}\` or \`{"signals": [...]}\`.`,
          "instance_restarted {instance_id}: the credentials bound to that instance (the `instance_id` claim of the agent's client assertion). credential_leaked {jti_hash | credential_id}: the credential, its task (ended) and its children. posture_changed {agent_id | instance_id, current_status}: when `not-compliant`, that agent's or instance's credentials. session_revoked {task_id | agent_id}: the task's credentials (task ended) or the agent's. Each signal is audited as `signal.received` with the credentials it revoked; resource servers hear the revocations on the stream.",
        ].join("\n\n"),
        security: [{ signalProviderPrivateKeyJwt: [] }],
        requestBody: { required: true, content: { "application/secevent+jwt": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } } },
        responses: {
          "202": jsonResponse("Acted on: what each signal revoked.", { type: "object", properties: { received: { type: "integer" }, results: { type: "array", items: { type: "object", properties: { type: { type: "string" }, revoked: { type: "integer" } } } } } }),
          "400": { $ref: "#/components/responses/OAuthInvalidRequest" },
          "401": { $ref: "#/components/responses/InvalidClient" },
          "500": { $ref: "#/components/responses/OAuthServerError" },
        },
      },
    },
    "/api/v1/signal-providers": {
      get: humanOperation({
        operationId: "listSignalProviders",
        tags: ["Resources"],
        summary: "List signal providers",
        permission: "resources:read",
        ok: { status: 200, response: jsonResponse("Every registered signal provider, by name.", { type: "object", properties: { items: { type: "array", items: SIGNAL_PROVIDER } }, required: ["items"] }) },
      }),
      post: humanOperation({
        operationId: "registerSignalProvider",
        tags: ["Resources"],
        summary: "Register a signal provider (a system whose signals revoke credentials)",
        description: "Its public keys sign its Security Event Tokens and assertions; its id is their `iss`. A provider's signals can revoke credentials of any agent.",
        permission: "resources:manage",
        body: jsonBody(fromZod(ZRegisterSignalProvider, "ZRegisterSignalProvider", { name: { minLength: 1, maxLength: 100 }, jwks: { $ref: "#/components/schemas/JwksInput" } })),
        ok: { status: 201, response: jsonResponse("The registered provider.", SIGNAL_PROVIDER) },
        errors: [409],
      }),
    },
  };
}
