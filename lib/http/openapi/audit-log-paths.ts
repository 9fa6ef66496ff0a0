// The log browser's API: the filtered audit log, one event with its decision,
// the charts, and a credential's life. Filters come from lib/schemas/audit-log.ts.
import { LATENCY_BUCKETS } from "@/lib/services/audit-log/get-log-stats";
import { LOG_OUTCOMES, STATS_MAX_DAYS, ZLogQuery, ZLogStatsQuery } from "@/lib/schemas/audit-log";
import { queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonResponse, ref } from "./operations";

const str = { type: "string" } as const;
const nullableStr = { type: ["string", "null"] } as const;
const time = { type: "string", format: "date-time" } as const;
const nullableTime = { type: ["string", "null"], format: "date-time" } as const;
const int = { type: "integer" } as const;
const obj = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: "object", properties, required: Object.keys(properties), ...extra });
const nullable = (s: JsonSchema): JsonSchema => ({ oneOf: [s, { type: "null" }] });

const ACTOR = obj({ type: { type: "string", enum: ["USER", "AGENT", "SYSTEM", "ANONYMOUS"] }, id: nullableStr, label: nullableStr });
const TARGET = nullable(obj({ type: str, id: str }));

export const AUDIT_LOG_SCHEMAS: Record<string, JsonSchema> = {
  LogEntry: obj({
    seq: { ...int, description: "Position in the hash chain." },
    occurredAt: time,
    type: { ...str, description: "Dotted event name, e.g. decision.recorded, credential.issued, step_up.approved, credential.revoked." },
    outcome: { type: "string", enum: ["SUCCESS", "FAILURE"] },
    actor: ACTOR,
    target: TARGET,
    agent: nullable(obj({ id: str, name: nullableStr })),
    decision: nullable(
      obj({ id: str, outcome: { type: "string", enum: ["ALLOW", "DENY", "STEP_UP"] }, audience: str, actions: { type: "array", items: str }, intent: str, policyVersion: int }, { description: "The decision the event belongs to, when it belongs to one." }),
    ),
  }),
  LogPage: obj({
    items: { type: "array", items: ref("LogEntry") },
    nextCursor: { ...nullableStr, description: "Pass as `cursor` (with the same filters) for the next page; null at the end." },
    partial: { type: "boolean", description: "True when this request examined its budget of events before the page filled (the filters match sparsely): `nextCursor` continues the search further back." },
    searchedBack: { ...nullableTime, description: "With `partial`: how far back this request looked." },
  }),
  AuditEventDetail: obj(
    {
      seq: int,
      occurredAt: time,
      type: str,
      outcome: str,
      actor: ACTOR,
      target: TARGET,
      data: { type: "object", description: "The event's canonical details (never a secret)." },
      requestId: nullableStr,
      prevHash: str,
      hash: str,
      agent: nullable({ type: "object" }),
      credentialId: { ...nullableStr, description: "The credential the event is about; its life is GET /api/v1/credentials/{id}." },
      decision: nullable(
        obj({
          id: str,
          agentId: nullableStr,
          taskId: nullableStr,
          grantType: str,
          outcome: { type: "string", enum: ["ALLOW", "DENY", "STEP_UP"] },
          input: { type: "object", description: "The complete decision input (principal, resource, actions, context)." },
          reasons: { type: "array", items: obj({ policyId: str, reason: str, stepUp: { type: "boolean" }, verb: str }) },
          matchedPolicies: { type: "array", items: str, description: "The policy ids that decided, in order." },
          policyVersion: { ...int, description: "The policy-set version in force; the page /policies/versions/{version} shows it." },
          requestDigest: str,
          latencyMicros: int,
          createdAt: time,
          owner: nullable({ type: "object" }),
          credentials: { type: "array", items: { type: "object" } },
          stepUp: nullable({ type: "object" }),
          events: { type: "array", items: { type: "object" } },
        }),
      ),
    },
  ),
  LogStats: obj({
    from: time,
    to: time,
    bucket: { type: "string", enum: ["hour", "day"], description: "Hourly for ranges up to three days, daily beyond." },
    decisions: { type: "array", items: obj({ bucket: { ...str, description: "YYYY-MM-DDTHH (UTC) or YYYY-MM-DD." }, ALLOW: int, DENY: int, STEP_UP: int }) },
    stepUpLatency: obj({
      count: int,
      medianSeconds: { type: ["number", "null"] },
      p95Seconds: { type: ["number", "null"] },
      buckets: { type: "array", items: obj({ label: { type: "string", enum: LATENCY_BUCKETS.map((b) => b.label) }, count: int }) },
    }),
    topDeniedAgents: { type: "array", items: obj({ agentId: str, name: nullableStr, count: int }) },
  }),
  CredentialLife: {
    type: "object",
    required: ["id", "state", "agent", "task", "steps", "events"],
    properties: {
      id: str,
      state: { type: "string", enum: ["LIVE", "REVOKED", "EXPIRED"] },
      audience: str,
      issuedAt: time,
      expiresAt: time,
      revokedAt: nullableTime,
      revokeReason: nullableStr,
      firstIntrospectedAt: nullableTime,
      decisionId: str,
      parentId: nullableStr,
      dpopBound: { type: "boolean" },
      agent: { type: "object" },
      task: { type: "object" },
      decision: nullable({ type: "object" }),
      children: { type: "array", items: { type: "object" } },
      steps: { type: "array", items: obj({ step: { type: "string", enum: ["decided", "issued", "introspected", "task_ended", "revoked", "expired"] }, at: time, detail: str }) },
      events: { type: "array", items: { type: "object" } },
    },
  },
};

export function auditLogPaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/audit/events": {
      get: humanOperation({
        operationId: "listAuditEvents",
        tags: ["Audit"],
        summary: "The audit log: every event, filtered, newest first",
        description: `Decisions, issuances, step-ups, revocations and every other event in one list, ordered by (occurredAt, seq) descending and paged by an opaque keyset cursor (bound to the filters; an altered or foreign cursor is refused with 400). Decision filters (\`outcome\` ALLOW/DENY/STEP_UP, \`ownerId\`, \`action\`, \`audience\`, \`policyVersion\`, \`policyId\`, \`q\`) select the events that belong to matching decisions; \`outcome\` SUCCESS/FAILURE is the event's own. Each request examines a bounded number of events for those filters: a page that is not full may come back with \`partial: true\` and a cursor to search further. Outcomes: ${LOG_OUTCOMES.join(", ")}.`,
        permission: "audit:read",
        parameters: queryParameters(ZLogQuery, "ZLogQuery", {
          from: "Events at or after this instant (ISO 8601 with a zone).",
          to: "Events before this instant.",
          agentId: "The agent the event is about (its decisions, credentials, step-ups, lifecycle).",
          ownerId: "Decisions about agents this person was the named owner of at the time.",
          outcome: "ALLOW, DENY or STEP_UP: the decision's outcome; SUCCESS or FAILURE: the event's.",
          action: "Decisions that asked for this verb.",
          audience: "Decisions for this audience (exact URL).",
          policyVersion: "Decisions made under this policy-set version.",
          policyId: "Decisions in which this policy (its @id) matched.",
          type: "An event type (credential.issued) or a kind of event (credential.*).",
          q: "Free text in the declared intent (case-insensitive substring).",
          cursor: "The `nextCursor` of the previous page, with the same filters.",
        }),
        ok: { status: 200, response: jsonResponse("One page of events.", ref("LogPage")) },
      }),
    },
    "/api/v1/audit/events/{seq}": {
      get: humanOperation({
        operationId: "getAuditEvent",
        tags: ["Audit"],
        summary: "One audit event, with its decision's full input, matched policies, policy-set version and credentials",
        permission: "audit:read",
        parameters: [{ name: "seq", in: "path", required: true, schema: { type: "string", pattern: "^[1-9][0-9]{0,14}$" }, description: "The event's position in the chain." }],
        ok: { status: 200, response: jsonResponse("The event.", ref("AuditEventDetail")) },
        errors: [404],
      }),
    },
    "/api/v1/audit/stats": {
      get: humanOperation({
        operationId: "getAuditStats",
        tags: ["Audit"],
        summary: "The log's charts: decisions per hour by outcome, step-up approval latency, top denied agents",
        description: `Over [from, to) — the last 24 hours when omitted; at most ${STATS_MAX_DAYS} days.`,
        permission: "audit:read",
        parameters: queryParameters(ZLogStatsQuery, "ZLogStatsQuery"),
        ok: { status: 200, response: jsonResponse("The figures.", ref("LogStats")) },
      }),
    },
    "/api/v1/credentials/{id}": {
      get: humanOperation({
        operationId: "getCredentialLife",
        tags: ["Audit"],
        summary: "A credential's life: decided, issued, introspected, revoked or expired — and its evidence",
        description: "Never the token: only what was recorded about it. Kept after the credential expires and after its agent is decommissioned.",
        permission: "audit:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The credential and its life.", ref("CredentialLife")) },
        errors: [404],
      }),
    },
  };
}
