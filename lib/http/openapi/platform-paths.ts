// Automation API: health, first-run setup, the caller, people, personal
// access tokens, the audit chain — plus next-auth's browser sign-in endpoints
// and this document itself.
import { ZCreateAccessToken } from "@/lib/schemas/token";
import { ZCreateUser, ZFirstAdmin, ZUpdateUser, ZUserListQuery } from "@/lib/schemas/user";
import { fromZod, queryParameters, type JsonSchema, type Overlay } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, publicOperation, ref, REQUEST_ID_HEADER } from "./operations";

const PERSON_FIELDS: Overlay = {
  email: { format: "email", maxLength: 254, description: "Trimmed and lower-cased; unique." },
  name: { minLength: 1, maxLength: 100 },
};
const items = (schema: string) => ({ type: "object", properties: { items: { type: "array", items: ref(schema) } }, required: ["items"] });

export function platformPaths(): Record<string, JsonSchema> {
  return {
    "/api/health": {
      get: publicOperation({
        operationId: "getHealth",
        tags: ["Platform"],
        summary: "Liveness and database reachability",
        responses: { "200": jsonResponse("Up, database reachable.", ref("Health")), "503": jsonResponse("Up, but the database is not reachable.", ref("Health")) },
      }),
    },
    "/api/ready": {
      get: publicOperation({
        operationId: "getReadiness",
        tags: ["Platform"],
        summary: "Readiness: database, signing key, active policy, not shutting down",
        description: "For a load balancer's readiness probe. 503 while any check fails, including from the moment a shutdown begins, so traffic drains before the process exits.",
        responses: { "200": jsonResponse("Ready to issue credentials.", ref("Readiness")), "503": jsonResponse("Not ready; `checks` says which part failed.", ref("Readiness")) },
      }),
    },
    "/api/metrics": {
      get: {
        ...publicOperation({
          operationId: "getMetrics",
          tags: ["Platform"],
          summary: "Prometheus metrics (text exposition format 0.0.4)",
          description:
            "Counters and histograms of this instance since it started (`mandate_decisions_total{outcome,grant}`, `mandate_decision_duration_seconds`, `mandate_broker_request_duration_seconds{endpoint,status}`, `mandate_webhook_delivery_failures_total{final}`, `mandate_http_requests_total{status_class}`) and gauges read from the database (`mandate_step_ups_pending`, `mandate_credentials_live`, `mandate_webhook_deliveries{status}`, `mandate_agents{status}`). With several instances, sum the counters and take max() of the database gauges.",
          responses: {
            "200": { description: "The metrics.", headers: REQUEST_ID_HEADER, content: { "text/plain": { schema: { type: "string" } } } },
            "401": { $ref: "#/components/responses/Unauthenticated" },
            "404": { $ref: "#/components/responses/NotFound" },
          },
        }),
        security: [{ metricsToken: [] }],
      },
    },
    "/api/setup": {
      get: publicOperation({
        operationId: "getSetupState",
        tags: ["Platform"],
        summary: "Whether the one-time setup is still open",
        responses: { "200": jsonResponse("Setup state.", { type: "object", properties: { needsSetup: { type: "boolean" } }, required: ["needsSetup"] }) },
      }),
      post: publicOperation({
        operationId: "createFirstAdmin",
        tags: ["Platform"],
        summary: "Create the first ADMIN (only while nobody exists)",
        body: jsonBody(fromZod(ZFirstAdmin, "ZFirstAdmin", PERSON_FIELDS)),
        responses: { "201": jsonResponse("The first admin.", ref("User")), "409": { $ref: "#/components/responses/Conflict" } },
      }),
    },
    "/api/v1/me": {
      get: humanOperation({
        operationId: "getMe",
        tags: ["People"],
        summary: "Who the caller is and what their role allows",
        permission: "agents:read",
        ok: { status: 200, response: jsonResponse("The caller.", ref("Me")) },
      }),
    },
    "/api/v1/users": {
      get: humanOperation({
        operationId: "listUsers",
        tags: ["People"],
        summary: "List people (active first, by name)",
        permission: "people:read",
        parameters: queryParameters(ZUserListQuery, "ZUserListQuery"),
        ok: { status: 200, response: jsonResponse("Every matching person.", items("User")) },
      }),
      post: humanOperation({
        operationId: "createUser",
        tags: ["People"],
        summary: "Add a person",
        description: "Without a password the person can only sign in with single sign-on.",
        permission: "people:manage",
        body: jsonBody(fromZod(ZCreateUser, "ZCreateUser", PERSON_FIELDS), { email: "olivia@example.com", name: "Olivia Owner", role: "OWNER", password: "a long initial password" }),
        ok: { status: 201, response: jsonResponse("The new person.", ref("User")) },
        errors: [409],
      }),
    },
    "/api/v1/users/{id}": {
      patch: humanOperation({
        operationId: "updateUser",
        tags: ["People"],
        summary: "Change a person's name, role or password, or (de)activate them",
        description: "`active: false` ends their sessions and tokens and leaves the agents they own unowned (their live credentials are revoked). The last active admin cannot be demoted or deactivated; nobody deactivates themselves.",
        permission: "people:manage",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZUpdateUser, "ZUpdateUser", { name: PERSON_FIELDS.name })),
        ok: { status: 200, response: jsonResponse("The person after the change.", ref("User")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/tokens": {
      get: humanOperation({
        operationId: "listAccessTokens",
        tags: ["Access tokens"],
        summary: "The caller's personal access tokens (never the secret)",
        permission: "tokens:own",
        ok: { status: 200, response: jsonResponse("The caller's tokens, newest first.", items("AccessToken")) },
      }),
      post: humanOperation({
        operationId: "createAccessToken",
        tags: ["Access tokens"],
        summary: "Create a personal access token for the caller",
        description: "The response carries the token once; it is never retrievable again. It acts with the caller's role.",
        permission: "tokens:own",
        body: jsonBody(fromZod(ZCreateAccessToken, "ZCreateAccessToken", { name: { minLength: 1, maxLength: 100 }, expiresInDays: { description: "Omitted: the token does not expire." } }), { name: "agent registration script", expiresInDays: 30 }),
        ok: { status: 201, response: jsonResponse("The new token, shown once.", ref("CreatedAccessToken")) },
      }),
    },
    "/api/v1/tokens/{id}": {
      delete: humanOperation({
        operationId: "revokeAccessToken",
        tags: ["Access tokens"],
        summary: "Revoke one of the caller's tokens",
        description: "Someone else's token answers 404.",
        permission: "tokens:own",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("Revoked.", ref("RevokedAccessToken")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/audit/verify": {
      get: humanOperation({
        operationId: "verifyAuditChain",
        tags: ["Audit"],
        summary: "Verify the whole audit hash chain",
        description: "Names the first broken link, if any.",
        permission: "audit:read",
        ok: { status: 200, response: jsonResponse("The verification result.", ref("ChainVerification")) },
      }),
    },
    "/api/openapi.json": {
      get: publicOperation({
        operationId: "getOpenApiDocument",
        tags: ["Platform"],
        summary: "This OpenAPI 3.1 document",
        responses: { "200": jsonResponse("The document.", { type: "object" }) },
      }),
    },
    "/api/auth/{nextauth}": {
      parameters: [{ name: "nextauth", in: "path", required: true, description: "One or more segments (a catch-all route): csrf, session, providers, signin/…, callback/credentials, callback/oidc, signout.", schema: { type: "string" } }],
      ...Object.fromEntries(
        (["get", "post"] as const).map((method) => [
          method,
          {
            operationId: `nextAuth${method === "get" ? "Get" : "Post"}`,
            tags: ["Sign-in (browser)"],
            summary: "next-auth's sign-in, callback, session and sign-out endpoints",
            description: "For the dashboard's own pages, not a stable API: scripts use personal access tokens. The OIDC redirect URI is `{MANDATE_URL}/api/auth/callback/oidc`.",
            security: [],
            responses: { "200": { description: "next-auth's response (HTML, JSON or a redirect)." }, "302": { description: "A redirect." } },
          },
        ]),
      ),
    },
  };
}
