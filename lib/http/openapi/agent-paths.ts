// Automation API: the agent registry, accountable owners and lifecycle.
// Request bodies and query parameters come from lib/schemas/agent.ts.
import { ZAgentListQuery, ZAssignOwner, ZReason, ZRegisterAgent, ZUpdateAgent } from "@/lib/schemas/agent";
import { fromZod, queryParameters, type JsonSchema, type Overlay } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const AGENTS = ["Agents"];

/** Limits checked after trimming/lower-casing, which zod's JSON Schema cannot show. */
export const AGENT_FIELDS: Overlay = {
  name: { minLength: 1, maxLength: 64, description: "Unique. Starts with a letter or digit; letters, digits, spaces, dots, dashes, underscores." },
  description: { maxLength: 1000 },
  environment: { pattern: "^[a-z][a-z0-9-]{0,31}$", description: "Trimmed and lower-cased, e.g. development, staging, production (writes to production need a step-up). Production by another name (prod, prd, live, production-eu, eu-prod …) is refused: such an agent would escape the production rules." },
  riskTier: { description: "LOW: one approver, DPoP optional. HIGH: DPoP required. CRITICAL: DPoP required, two approvers (not both the owner)." },
  "ceiling.audiences": { items: { type: "string", format: "uri", maxLength: 2048 }, description: "The systems (absolute http(s) URLs) the agent may ever get tokens for." },
  "ceiling.actions": { items: { type: "string", pattern: "^[a-z][a-z0-9_:.-]{0,63}$" }, description: "The verbs it may ever be granted (lower-cased)." },
  jwks: { $ref: "#/components/schemas/JwksInput" },
  requireDpop: { description: "Default: false for LOW, true (and mandatory) for HIGH and CRITICAL." },
  federatedSubjects: {
    description:
      "Workload identity federation: platform subjects that authenticate as this agent (`trustConfigurationId`, `subject` — exact, or with `*` standing for any run of characters —, `requiredClaims` — claim name → exact value; dots reach nested claims such as `kubernetes.io.namespace`). An agent with at least one may register no `jwks`. On PATCH the list replaces the agent's bindings.",
  },
};

const REASON = fromZod(ZReason, "ZReason", { reason: { minLength: 3, maxLength: 500, description: "Why; recorded in the audit trail." } });
const REGISTER_EXAMPLE = {
  name: "refund-bot",
  description: "Refunds duplicate charges",
  environment: "production",
  riskTier: "LOW",
  ceiling: { audiences: ["https://billing.internal"], actions: ["read", "refund"], maxTtlSeconds: 600 },
  jwks: { keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", kid: "refund-bot-1", alg: "EdDSA", use: "sig" }] },
};

function lifecycle(action: "suspend" | "reactivate" | "decommission", summary: string, description: string): JsonSchema {
  return {
    post: humanOperation({
      operationId: `${action}Agent`,
      tags: AGENTS,
      summary,
      description: `${description} Owners may change only agents they own or back up.`,
      permission: "agents:manage-own",
      parameters: [ID_PATH_PARAMETER],
      body: jsonBody(REASON, { reason: "Rotating its keys after a laptop was lost" }),
      ok: { status: 200, response: jsonResponse("The agent after the change.", ref("Agent")) },
      errors: [404, 409],
    }),
  };
}

export function agentPaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/agents": {
      get: humanOperation({
        operationId: "listAgents",
        tags: AGENTS,
        summary: "List agent identities (newest first, keyset-paged)",
        permission: "agents:read",
        parameters: queryParameters(ZAgentListQuery, "ZAgentListQuery", {
          q: "Name contains (case-insensitive), or the exact id.",
          ownerId: "Agents this person owns or backs up.",
          ownership: "unowned: no active owner; pending: not acknowledged yet; owned.",
          cursor: "The `nextCursor` of the previous page.",
        }),
        ok: { status: 200, response: jsonResponse("One page of agents.", ref("AgentPage")) },
      }),
      post: humanOperation({
        operationId: "registerAgent",
        tags: AGENTS,
        summary: "Register an agent identity",
        description: "The owner is the caller unless `ownerId` names someone else; ownership stays PENDING until that person acknowledges, and the broker denies every request of an agent that is not owned.",
        permission: "agents:register",
        body: jsonBody(fromZod(ZRegisterAgent, "ZRegisterAgent", { ...AGENT_FIELDS, ownerId: { description: "Defaults to the caller. Must be an active person who is not an auditor." } }), REGISTER_EXAMPLE),
        ok: { status: 201, response: jsonResponse("The registered agent; its `id` is its OAuth client id.", ref("Agent")) },
        errors: [409],
      }),
    },
    "/api/v1/agents/{id}": {
      get: humanOperation({
        operationId: "getAgent",
        tags: AGENTS,
        summary: "One agent, its ownership history and (for auditing roles) its recent evidence",
        permission: "agents:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The agent.", ref("AgentDetail")) },
        errors: [404],
      }),
      patch: humanOperation({
        operationId: "updateAgent",
        tags: AGENTS,
        summary: "Change an agent's description, environment, tier, ceiling, keys or DPoP requirement",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZUpdateAgent, "ZUpdateAgent", { ...AGENT_FIELDS, spiffeId: { description: "null removes it." } })),
        ok: { status: 200, response: jsonResponse("The agent after the change.", ref("Agent")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/agents/{id}/owner": {
      post: humanOperation({
        operationId: "assignOwner",
        tags: AGENTS,
        summary: "Name the accountable owner (and optional backup)",
        description: "A new owner must acknowledge; until then the agent's live credentials are revoked and new requests are denied. Changing only the backup keeps the acknowledgement.",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZAssignOwner, "ZAssignOwner", { backupOwnerId: { description: "null removes the backup." } })),
        ok: { status: 200, response: jsonResponse("The agent with its new ownership.", ref("Agent")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/agents/{id}/owner/acknowledge": {
      post: humanOperation({
        operationId: "acknowledgeOwnership",
        tags: AGENTS,
        summary: "The named owner accepts accountability",
        description: "Only the person named as owner can acknowledge (anyone else: 403). No request body.",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The agent, now OWNED.", ref("Agent")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/agents/{id}/suspend": lifecycle("suspend", "Suspend an agent", "Its live credentials are revoked and pending step-ups cancelled in the same transaction."),
    "/api/v1/agents/{id}/reactivate": lifecycle("reactivate", "Reactivate a suspended agent", "Only a SUSPENDED agent can be reactivated."),
    "/api/v1/agents/{id}/decommission": lifecycle("decommission", "Decommission an agent (final)", "Its live credentials are revoked; it can never authenticate again."),
    "/api/v1/agents/{id}/credentials": {
      get: humanOperation({
        operationId: "listLiveCredentials",
        tags: AGENTS,
        summary: "An agent's live credentials (to revoke one, its task, or all)",
        description: "Owners and backups of the agent, security leads, admins and auditors; another owner gets 403.",
        permission: "agents:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("Live credentials, newest first.", ref("LiveCredentials")) },
        errors: [404],
      }),
    },
    "/api/v1/agents/{id}/revoke-all": {
      post: humanOperation({
        operationId: "revokeAllForAgent",
        tags: AGENTS,
        summary: "Revoke every live credential of an agent",
        permission: "agents:manage-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(REASON),
        ok: { status: 200, response: jsonResponse("How many credentials died.", ref("RevokedCount")) },
        errors: [404],
      }),
    },
  };
}
