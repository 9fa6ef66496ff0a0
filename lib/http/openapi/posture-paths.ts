// Posture: findings about agents (unowned, dormant, over-privileged, risky
// behaviour, credential hygiene), their trend, and bulk actions on them.
import { FINDING_KINDS, FINDING_RULES, SEVERITIES } from "@/lib/domain/posture/types";
import { ZPostureAction, ZPostureFindingsQuery, ZPostureSummaryQuery } from "@/lib/schemas/posture";
import { fromZod, queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, jsonBody, jsonResponse, ref } from "./operations";

const STRING = { type: "string" };
const DATE = { type: "string", format: "date-time" };
const NULLABLE_DATE = { type: ["string", "null"], format: "date-time" };
const INT = { type: "integer" };
const object = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required });
const PERSON = { oneOf: [{ type: "null" }, object({ id: STRING, name: STRING, email: STRING, active: { type: "boolean" } })] };
const BY = (keys: readonly string[]) => object(Object.fromEntries(keys.map((k) => [k, INT])));

export const POSTURE_SCHEMAS: Record<string, JsonSchema> = {
  PostureFinding: object({
    id: STRING,
    kind: { enum: [...FINDING_KINDS] },
    rule: { enum: FINDING_RULES },
    severity: { enum: [...SEVERITIES] },
    details: { type: "object", description: "What the rule saw; for UNUSED_CEILING: grantedActions/usedActions/unusedActions and the same for audiences, over windowDays." },
    since: { ...DATE, description: "When the condition began, as far as the data tells." },
    firstSeenAt: DATE,
    lastSeenAt: DATE,
    resolvedAt: NULLABLE_DATE,
    resolution: { type: ["string", "null"] },
    agent: object({ id: STRING, name: STRING, environment: STRING, riskTier: { enum: ["LOW", "HIGH", "CRITICAL"] }, status: { enum: ["ACTIVE", "SUSPENDED", "DECOMMISSIONED"] } }),
    owner: PERSON,
    backupOwner: PERSON,
    ownershipAcknowledged: { type: "boolean" },
  }),
  PostureSummary: object({
    open: object({ total: INT, byKind: BY(FINDING_KINDS), bySeverity: BY(SEVERITIES) }),
    trend: object({
      bucket: { enum: ["hour", "day"] },
      from: DATE,
      to: DATE,
      points: { type: "array", items: object({ bucket: STRING, total: INT, ...Object.fromEntries(SEVERITIES.map((s) => [s, INT])) }), description: "Open findings after the last evaluation in each bucket; buckets without a run are absent." },
    }),
    lastRun: { oneOf: [{ type: "null" }, object({ finishedAt: DATE, durationMs: INT, trigger: { enum: ["SCHEDULED", "EVENT"] }, agentsEvaluated: INT })] },
    filterOptions: object({ owners: { type: "array", items: object({ id: STRING, name: STRING, email: STRING }) }, environments: { type: "array", items: STRING } }),
  }),
  PostureActionResult: object({
    action: { enum: ["assign_owner", "suspend", "narrow_ceiling"] },
    succeeded: INT,
    failed: INT,
    results: { type: "array", items: object({ agentId: STRING, ok: { type: "boolean" }, code: STRING, detail: STRING }, ["agentId", "ok"]) },
  }),
};

export function posturePaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/posture/findings": {
      get: humanOperation({
        operationId: "listPostureFindings",
        tags: ["Posture"],
        summary: "Posture findings, gravest first, paged by keyset",
        description: "Open findings by default; `resolved=true` includes resolved ones (the history). Findings are computed by the scheduled evaluation and again at once after a change to the agents concerned.",
        permission: "posture:read",
        parameters: queryParameters(ZPostureFindingsQuery, "ZPostureFindingsQuery", { cursor: "The `nextCursor` of the previous page.", ownerId: "Agents this person currently owns." }),
        ok: { status: 200, response: jsonResponse("A page of findings.", object({ items: { type: "array", items: ref("PostureFinding") }, nextCursor: { type: ["string", "null"] } })) },
      }),
    },
    "/api/v1/posture/summary": {
      get: humanOperation({
        operationId: "getPostureSummary",
        tags: ["Posture"],
        summary: "Open findings by kind and severity, and their trend from recorded evaluations",
        permission: "posture:read",
        parameters: queryParameters(ZPostureSummaryQuery, "ZPostureSummaryQuery", { days: "How far back the trend goes (hourly points up to 2 days, daily beyond)." }),
        ok: { status: 200, response: jsonResponse("The summary.", ref("PostureSummary")) },
      }),
    },
    "/api/v1/posture/actions": {
      post: humanOperation({
        operationId: "actOnPostureFindings",
        tags: ["Posture"],
        summary: "Bulk action on agents: assign an owner, suspend (revokes live credentials), narrow the ceiling to what was used",
        description:
          "Each agent goes through the same use case as its own page (same permission checks, same audit events, same effect on live credentials); one failing agent does not stop the others. `narrow_ceiling` applies the used audiences and actions of the agent's open over-privileged finding and revokes live credentials outside it. The bulk action itself is one more audit event (`posture.action_taken`).",
        permission: "posture:act",
        body: jsonBody(fromZod(ZPostureAction, "ZPostureAction"), { action: "suspend", agentIds: ["cm3agent0000000000000000"], reason: "Dormant for 45 days; suspended pending review" }),
        ok: { status: 200, response: jsonResponse("What happened to each agent.", ref("PostureActionResult")) },
      }),
    },
  };
}
