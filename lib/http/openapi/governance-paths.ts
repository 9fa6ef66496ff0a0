// Automation API around the broker: protected resources, step-up decisions,
// revocation by hand and break-glass. Bodies come from lib/schemas/broker.ts.
import { ZReason } from "@/lib/schemas/agent";
import { ZBreakGlass, ZDecideStepUp, ZRegisterResource, ZStepUpListQuery } from "@/lib/schemas/broker";
import { MIN_JUSTIFICATION } from "@/lib/domain/step-up";
import { fromZod, queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const REASON = fromZod(ZReason, "ZReason", { reason: { minLength: 3, maxLength: 500 } });
const DECIDE = fromZod(ZDecideStepUp, "ZDecideStepUp", {
  justification: { minLength: MIN_JUSTIFICATION, description: `Why this exact request is acceptable (or not): at least ${MIN_JUSTIFICATION} characters and three words.` },
  requestDigest: { description: "The digest the person reviewed; refused with 409 if the request on record differs." },
});

function decide(vote: "approve" | "deny"): JsonSchema {
  const op: JsonSchema = {
    post: humanOperation({
      operationId: `${vote}StepUp`,
      tags: ["Step-ups"],
      summary: vote === "approve" ? "Approve a step-up request" : "Deny a step-up request",
      description:
        vote === "approve"
          ? "Counts once per person. The request becomes APPROVED when the quorum is met (CRITICAL agents: two people, at least one neither owner nor backup of the agent); owners of an agent the request was delegated from cannot approve it; the agent then receives its credential on its next poll, exactly once. Owners decide only for agents they own or back up — another owner's request is 404 to them, as it is to GET; security leads and admins decide any; auditors none (403)."
          : "One denial denies: the agent's next poll answers `access_denied`. Owners decide only for agents they own or back up — another owner's request is 404 to them, as it is to GET; security leads and admins decide any; auditors none (403).",
      permission: "step-ups:read",
      parameters: [ID_PATH_PARAMETER],
      body: jsonBody(DECIDE, { justification: "Customer ticket 4411 shows the duplicate charge; refund is correct." }),
      ok: { status: 200, response: jsonResponse("The step-up request after the vote.", ref("StepUpDetail")) },
      errors: [404, 409],
    }),
  };
  if (vote === "approve") {
    // Approving a HIGH or CRITICAL request needs a browser session signed in within ten minutes (decide-step-up.ts).
    (op.post as { responses: Record<string, JsonSchema> }).responses["401"] = {
      description: "`unauthenticated`, or `reauthentication_required`: approving a HIGH or CRITICAL agent's request needs the dashboard session with a sign-in from the last ten minutes — never a personal access token.",
      content: { "application/problem+json": { schema: ref("Problem") } },
    };
  }
  return op;
}

export function governancePaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/resources": {
      get: humanOperation({
        operationId: "listResources",
        tags: ["Resources"],
        summary: "List protected resources",
        permission: "resources:read",
        ok: { status: 200, response: jsonResponse("Every registered resource, by name.", { type: "object", properties: { items: { type: "array", items: ref("Resource") } }, required: ["items"] }) },
      }),
      post: humanOperation({
        operationId: "registerResource",
        tags: ["Resources"],
        summary: "Register a protected resource (a system that verifies Mandate tokens)",
        description: "Its `audience` is the location agents name in `authorization_details`; its own public key lets it authenticate at introspection (private_key_jwt, its id as client id).",
        permission: "resources:manage",
        body: jsonBody(
          fromZod(ZRegisterResource, "ZRegisterResource", {
            name: { minLength: 1, maxLength: 100 },
            audience: { format: "uri", maxLength: 2048, description: "An absolute http(s) URL; unique." },
            jwks: { $ref: "#/components/schemas/JwksInput" },
          }),
        ),
        ok: { status: 201, response: jsonResponse("The registered resource.", ref("Resource")) },
        errors: [409],
      }),
    },
    "/api/v1/step-ups": {
      get: humanOperation({
        operationId: "listStepUps",
        tags: ["Step-ups"],
        summary: "Step-up requests the caller may see, newest first",
        description: "Owners see those of agents they own or back up; security leads, admins and auditors see all.",
        permission: "step-ups:read",
        parameters: queryParameters(ZStepUpListQuery, "ZStepUpListQuery", { cursor: "The `nextCursor` of the previous page." }),
        ok: { status: 200, response: jsonResponse("One page of step-up requests.", ref("StepUpPage")) },
      }),
    },
    "/api/v1/step-ups/{id}": {
      get: humanOperation({
        operationId: "getStepUp",
        tags: ["Step-ups"],
        summary: "One step-up request (its id is the agent's auth_req_id)",
        description: "A request the caller may not see answers 404, like a missing one.",
        permission: "step-ups:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The step-up request and what an approver needs to judge it.", ref("StepUpDetail")) },
        errors: [404],
      }),
    },
    "/api/v1/step-ups/{id}/approve": decide("approve"),
    "/api/v1/step-ups/{id}/deny": decide("deny"),
    "/api/v1/credentials/{id}/revoke": {
      post: humanOperation({
        operationId: "revokeCredential",
        tags: ["Revocation"],
        summary: "Revoke one credential (and its delegated children)",
        description: "Owners may revoke credentials only of agents they own or back up.",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(REASON),
        ok: { status: 200, response: jsonResponse("The credentials that died.", ref("RevokedCredentials")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/tasks/{id}/revoke": {
      post: humanOperation({
        operationId: "revokeTask",
        tags: ["Revocation"],
        summary: "End a running task and revoke all its credentials",
        description: "The task becomes REVOKED. Owners may revoke tasks only of agents they own or back up.",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(REASON),
        ok: { status: 200, response: jsonResponse("How many credentials died.", ref("RevokedCount")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/break-glass": {
      post: humanOperation({
        operationId: "breakGlass",
        tags: ["Revocation"],
        summary: "Revoke every live credential of an owner's agents, or of everyone",
        description: 'For everything of one agent use POST /api/v1/agents/{id}/revoke-all. `scope: "all"` needs `confirm: "revoke every live credential"`.',
        permission: "credentials:break-glass",
        body: jsonBody(
          fromZod(ZBreakGlass, "ZBreakGlass", { reason: { minLength: 10, maxLength: 500 } }),
          { scope: "owner", ownerId: "c7p1vJm2QyKa0b5s", reason: "Laptop of this owner was stolen this morning" },
        ),
        ok: { status: 200, response: jsonResponse("How many credentials died.", ref("RevokedCount")) },
      }),
    },
  };
}
