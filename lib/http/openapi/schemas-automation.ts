// Response schemas of the automation API: the views the services return
// (lib/db/*-repository.ts toXView, lib/services/broker/get-step-up.ts …) and
// problem+json. Request bodies are not here: they come from lib/schemas via
// fromZod() in the path files.
import { ERROR_STATUS } from "@/lib/errors";
import { PERMISSIONS, ROLES } from "@/lib/auth/permissions";
import { AGENT_STATUSES, RISK_TIERS } from "@/lib/schemas/agent";
import { ref } from "./operations";
import type { JsonSchema } from "./from-zod";

const STRING = { type: "string" };
const DATE = { type: "string", format: "date-time" };
const NULLABLE_DATE = { type: ["string", "null"], format: "date-time" };
const nullable = (s: JsonSchema): JsonSchema => ({ oneOf: [s, { type: "null" }] });
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
});
const page = (item: string) => object({ items: { type: "array", items: ref(item) }, nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last page." } });

export const STEP_UP_STATUSES = ["PENDING", "APPROVED", "DENIED", "EXPIRED", "CANCELLED", "REDEEMED"];

export const AUTOMATION_SCHEMAS: Record<string, JsonSchema> = {
  Problem: {
    type: "object",
    description: "RFC 9457 problem details (`application/problem+json`).",
    properties: {
      type: { const: "about:blank" },
      title: STRING,
      status: { type: "integer" },
      detail: { type: "string", description: "What went wrong, for a person; never internals." },
      code: { enum: Object.keys(ERROR_STATUS) },
      requestId: { type: "string", format: "uuid", description: "Also in the x-request-id header; quote it when reporting a problem." },
      invalid_params: { type: "array", items: object({ name: { type: "string", description: "The field, dotted (`ceiling.audiences.0`), or `(body)`." }, reason: STRING }) },
    },
    required: ["type", "title", "status", "detail", "code", "requestId"],
  },
  Person: object({ id: STRING, name: STRING, email: { type: "string", format: "email" }, active: { type: "boolean" } }, "A person as other records reference them."),
  User: object({
    id: STRING,
    email: { type: "string", format: "email" },
    name: STRING,
    role: { enum: [...ROLES] },
    active: { type: "boolean" },
    lastSignInAt: NULLABLE_DATE,
    createdAt: DATE,
    deactivatedAt: NULLABLE_DATE,
    sso: { type: "boolean", description: "Linked to a single sign-on identity." },
  }),
  Me: object({
    id: STRING,
    email: STRING,
    name: STRING,
    role: { enum: [...ROLES] },
    via: { enum: ["session", "token"] },
    permissions: { type: "array", items: { enum: Object.keys(PERMISSIONS) } },
  }),
  Ceiling: object(
    {
      audiences: { type: "array", items: { type: "string", format: "uri" }, minItems: 1, maxItems: 20 },
      actions: { type: "array", items: { type: "string", pattern: "^[a-z][a-z0-9_:.-]{0,63}$" }, minItems: 1, maxItems: 50 },
      maxTtlSeconds: { type: "integer", minimum: 1, maximum: 86400 },
    },
    "The most the broker will ever mint for the agent: audiences × actions × lifetime.",
  ),
  PublicJwk: {
    type: "object",
    description: "An Ed25519 (OKP, EdDSA) or P-256 (EC, ES256) public key. Private members (`d`…), symmetric (`oct`) and RSA keys are refused. Without a `kid`, the RFC 7638 thumbprint is used.",
    properties: { kty: { enum: ["OKP", "EC"] }, crv: { enum: ["Ed25519", "P-256"] }, x: STRING, y: { type: "string", description: "P-256 only." }, kid: { type: "string", maxLength: 128 }, alg: { enum: ["EdDSA", "ES256"] }, use: { const: "sig" } },
    required: ["kty", "crv", "x"],
  },
  PublicJwks: {
    type: "object",
    description: "Empty only for an agent bound to a federated subject (it authenticates with its platform's token instead).",
    properties: { keys: { type: "array", items: ref("PublicJwk"), minItems: 0, maxItems: 10 } },
    required: ["keys"],
  },
  JwksInput: {
    description: "A JWKS, a single JWK, or either as JSON text. Stored normalised (public members only, a kid on every key).",
    oneOf: [ref("PublicJwks"), ref("PublicJwk"), { type: "string", maxLength: 65536 }],
  },
  Agent: object({
    id: { type: "string", description: "Also the agent's OAuth client id." },
    name: STRING,
    description: STRING,
    environment: STRING,
    status: { enum: [...AGENT_STATUSES] },
    riskTier: { enum: [...RISK_TIERS] },
    ceiling: ref("Ceiling"),
    jwks: ref("PublicJwks"),
    requireDpop: { type: "boolean" },
    spiffeId: { type: ["string", "null"] },
    statusReason: { type: ["string", "null"] },
    statusChangedAt: NULLABLE_DATE,
    lastSeenAt: NULLABLE_DATE,
    createdAt: DATE,
    updatedAt: DATE,
    createdBy: ref("Person"),
    owner: nullable(ref("Person")),
    backupOwner: nullable(ref("Person")),
    ownershipAssignedAt: NULLABLE_DATE,
    ownershipAssignedBy: nullable(ref("Person")),
    ownershipAcknowledgedAt: NULLABLE_DATE,
    federatedSubjects: { type: "array", items: ref("FederatedSubject"), description: "Workload identity federation: platform subjects that authenticate as this agent." },
    ownership: {
      type: "object",
      description: "OWNED only when an active person was named and acknowledged; the broker denies anything else.",
      properties: { state: { enum: ["OWNED", "PENDING", "UNOWNED"] }, reason: { enum: ["NO_OWNER", "OWNER_DEACTIVATED"] } },
      required: ["state"],
    },
  }),
  AgentPage: page("Agent"),
  AgentDetail: object({
    agent: ref("Agent"),
    ownershipHistory: { type: "array", items: object({ id: STRING, assignedAt: DATE, acknowledgedAt: NULLABLE_DATE, endedAt: NULLABLE_DATE, owner: ref("Person"), backupOwner: nullable(ref("Person")), assignedBy: ref("Person") }) },
    events: {
      description: "The agent's recent audit events, newest first; null for roles that cannot read the audit trail.",
      oneOf: [{ type: "array", items: object({ seq: { type: "integer" }, occurredAt: DATE, type: STRING, outcome: STRING, actorLabel: { type: ["string", "null"] }, actorType: STRING, data: {} }) }, { type: "null" }],
    },
    allowed: object({ manage: { type: "boolean" }, acknowledge: { type: "boolean" }, credentials: { type: "boolean", description: "Whether the caller may list its live credentials (GET /api/v1/agents/{id}/credentials)." } }, "What the caller may do to this agent."),
  }),
  AccessToken: object({ id: STRING, name: STRING, prefix: { type: "string", description: "The first characters (`mdt_` + 6), to recognise it." }, createdAt: DATE, expiresAt: NULLABLE_DATE, lastUsedAt: NULLABLE_DATE, revokedAt: NULLABLE_DATE }),
  CreatedAccessToken: object({ id: STRING, name: STRING, prefix: STRING, createdAt: DATE, expiresAt: NULLABLE_DATE, token: { type: "string", pattern: "^mdt_[A-Za-z0-9_-]{40,60}$", description: "Shown once; only its SHA-256 is stored." } }),
  RevokedAccessToken: object({ id: STRING, revokedAt: DATE }),
  Resource: object({ id: { type: "string", description: "The resource's client id at introspection." }, name: STRING, audience: { type: "string", format: "uri" }, jwks: ref("PublicJwks"), createdAt: DATE, createdById: STRING }),
  PolicyReason: object({ policyId: STRING, reason: STRING, stepUp: { type: "boolean" }, verb: STRING }),
  ExactRequest: object(
    {
      grantType: { enum: ["client_credentials", "token-exchange"] },
      agentId: STRING,
      authorizationDetails: { type: "array", items: ref("AuthorizationDetail") },
      requestedTtlSeconds: { type: ["integer", "null"] },
      dpopJkt: { type: ["string", "null"] },
      taskId: { type: ["string", "null"], description: "The client's own task_id, if it sent one." },
      parentCredentialId: { type: ["string", "null"] },
    },
    "The exact request an approval covers; `requestDigest` is base64url(SHA-256(canonical JSON of it)).",
  ),
  StepUp: object({
    id: { type: "string", description: "Also the agent's `auth_req_id`." },
    status: { enum: STEP_UP_STATUSES },
    request: ref("ExactRequest"),
    requestDigest: STRING,
    reasons: { type: "array", items: ref("PolicyReason") },
    quorum: { type: "integer", description: "Approvals needed: 1 for LOW and HIGH agents, 2 for CRITICAL (at least one neither its owner nor its backup)." },
    approvals: { type: "integer" },
    createdAt: DATE,
    expiresAt: DATE,
    decidedAt: NULLABLE_DATE,
    redeemedAt: NULLABLE_DATE,
    credentialId: { type: ["string", "null"], description: "The credential minted when the agent redeemed the approval." },
    decisionId: STRING,
    agent: object({ id: STRING, name: STRING, riskTier: { enum: [...RISK_TIERS] }, environment: STRING, status: { enum: [...AGENT_STATUSES] }, owner: nullable(ref("Person")), backupOwner: nullable(ref("Person")) }),
    votes: { type: "array", items: object({ vote: { enum: ["APPROVE", "DENY"] }, justification: STRING, createdAt: DATE, user: ref("Person") }) },
    canDecide: { type: "boolean", description: "Whether the caller may still vote on it." },
  }),
  StepUpDetail: {
    allOf: [ref("StepUp")],
    type: "object",
    properties: {
      context: object(
        {
          recentDecisions: { type: "array", items: object({ id: STRING, outcome: { enum: ["ALLOW", "DENY", "STEP_UP"] }, createdAt: DATE, grantType: STRING, actions: { type: "array", items: STRING }, audience: { type: ["string", "null"] }, reasons: { type: "array", items: STRING } }) },
          sameAction: { type: "array", items: object({ id: STRING, status: { enum: STEP_UP_STATUSES }, createdAt: DATE, decidedAt: NULLABLE_DATE, votes: { type: "array", items: {} } }) },
          delegationChain: { type: "array", items: object({ credentialId: STRING, agent: object({ id: STRING, name: STRING, owner: { oneOf: [object({ name: STRING, email: STRING }), { type: "null" }] } }) }) },
          credential: { oneOf: [object({ id: STRING, issuedAt: DATE, expiresAt: DATE, revokedAt: NULLABLE_DATE, revokeReason: { type: ["string", "null"] } }), { type: "null" }] },
        },
        "What an approver sees beside the request: the agent's last 10 decisions, earlier decisions on the same actions, the delegation chain, and the credential once redeemed.",
      ),
    },
    required: ["context"],
  },
  StepUpPage: page("StepUp"),
  LiveCredentials: object(
    {
      items: {
        type: "array",
        items: object({
          id: { type: "string", description: "The credential's id: POST /api/v1/credentials/{id}/revoke." },
          audience: STRING,
          actions: { type: "array", items: STRING },
          identifier: { type: ["string", "null"] },
          tokenType: { enum: ["DPoP", "Bearer"] },
          issuedAt: DATE,
          expiresAt: DATE,
          firstIntrospectedAt: NULLABLE_DATE,
          parentId: { type: ["string", "null"], description: "The credential it was delegated from (token exchange)." },
          delegationDepth: { type: "integer", minimum: 0 },
          task: object({ id: { type: "string", description: "POST /api/v1/tasks/{id}/revoke ends it." }, clientTaskId: { type: ["string", "null"] }, intent: STRING, status: STRING }),
        }),
      },
      total: { type: "integer", minimum: 0, description: "How many live credentials the agent has; at most 200 are listed, newest first." },
      asOf: DATE,
      allowed: object({ revoke: { type: "boolean", description: "Whether the caller may revoke them (owner or backup of the agent, security lead, admin)." } }),
    },
    "The agent's live credentials: neither revoked nor expired.",
  ),
  RevokedCount: object({ revoked: { type: "integer", minimum: 0, description: "Credentials revoked (delegated children included)." } }),
  RevokedCredentials: object({ revoked: { type: "integer", minimum: 0 }, credentialIds: { type: "array", items: STRING } }),
  ChainVerification: {
    type: "object",
    description: "Every link of the audit chain and every signed checkpoint (see GET /.well-known/mandate-audit-keys.json for the key).",
    properties: {
      ok: { type: "boolean" },
      checked: { type: "integer", description: "Events whose link verified, from seq 1." },
      head: { type: ["string", "null"], description: "Hash of the newest event when everything verified." },
      checkpoints: object({ total: { type: "integer" }, verified: { type: "integer" }, latest: { oneOf: [{ type: "null" }, object({ seq: { type: "integer" }, createdAt: { type: "string", format: "date-time" } })] } }),
      firstBreak: object({
        seq: { type: "integer", description: "The event (its id is its seq) where verification first fails." },
        reason: { enum: ["gap", "prev_hash_mismatch", "hash_mismatch", "checkpoint_mismatch", "checkpoint_signature_invalid", "events_missing_after_checkpoint"] },
        detail: { type: "string" },
      }),
    },
    required: ["ok", "checked", "head", "checkpoints"],
  },
  Health: {
    type: "object",
    properties: {
      status: { enum: ["ok", "degraded"] },
      database: { type: "object", properties: { reachable: { type: "boolean" }, provider: { enum: ["sqlite", "postgresql"] }, latencyMs: { type: "number" } }, required: ["reachable", "provider"] },
    },
    required: ["status", "database"],
  },
  Readiness: {
    type: "object",
    properties: {
      ready: { type: "boolean" },
      checks: {
        type: "object",
        description: "Each check is `{ ok: true, detail? }` or `{ ok: false, error }`; the reason for a failure is in the server log.",
        properties: Object.fromEntries(
          ["database", "signingKey", "policy", "lifecycle"].map((k) => [
            k,
            { type: "object", properties: { ok: { type: "boolean" }, detail: { type: "string" }, error: { type: "string" } }, required: ["ok"] },
          ]),
        ),
        required: ["database", "signingKey", "policy", "lifecycle"],
      },
    },
    required: ["ready", "checks"],
  },
};
