// Automation API: access reviews — campaigns (security leads open them,
// auditors read them) and each reviewer's own tasks.
import { ZAccessReviewListQuery, ZDecideReviewTask, ZOpenAccessReview, ZReviewTaskListQuery } from "@/lib/schemas/access-review";
import { fromZod, queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const STRING = { type: "string" };
const INT = { type: "integer", minimum: 0 };
const DATE = { type: "string", format: "date-time" };
const NULLABLE_DATE = { type: ["string", "null"], format: "date-time" };
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: "object", properties, required: Object.keys(properties) });
const PERSON = object({ id: STRING, name: STRING, email: STRING });
const CEILING = object({ audiences: { type: "array", items: STRING }, actions: { type: "array", items: STRING }, maxTtlSeconds: { type: "integer" } });

export const ACCESS_REVIEW_SCHEMAS: Record<string, JsonSchema> = {
  AccessReviewProgress: object({ total: INT, decided: INT, kept: INT, narrowed: INT, decommissioned: INT, suspended: INT, flagged: INT, alreadyInactive: INT, pending: INT, percent: { type: "integer", minimum: 0, maximum: 100 } }),
  AccessReview: object({
    id: STRING,
    name: STRING,
    scope: { type: "object", description: "{kind: ALL} | {kind: TIER, tier} | {kind: ENVIRONMENT, environment} | {kind: OWNER, ownerId} | {kind: AGENTS, agentIds}", properties: { kind: { enum: ["ALL", "TIER", "ENVIRONMENT", "OWNER", "AGENTS"] } }, required: ["kind"] },
    dueAt: DATE,
    onOverdue: { enum: ["SUSPEND", "FLAG"] },
    status: { enum: ["OPEN", "CLOSED"] },
    openedAt: DATE,
    closedAt: NULLABLE_DATE,
    openedBy: PERSON,
    progress: ref("AccessReviewProgress"),
  }),
  AccessReviewTask: object({
    id: STRING,
    campaignId: STRING,
    agent: object({ id: STRING, name: STRING, environment: STRING, riskTier: { enum: ["LOW", "HIGH", "CRITICAL"] }, status: { enum: ["ACTIVE", "SUSPENDED", "DECOMMISSIONED"] }, ceiling: { ...CEILING, description: "The agent's ceiling now." } }),
    reviewer: PERSON,
    unowned: { type: "boolean", description: "Nobody was accountable for the agent when the campaign opened: the task went to its opener." },
    ceilingAtOpen: CEILING,
    decision: { enum: ["KEEP", "NARROW", "DECOMMISSION", null] },
    justification: { type: ["string", "null"] },
    narrowedCeiling: { oneOf: [CEILING, { type: "null" }] },
    decidedBy: { oneOf: [PERSON, { type: "null" }] },
    decidedAt: NULLABLE_DATE,
    remindedAt: NULLABLE_DATE,
    overdueOutcome: { enum: ["SUSPENDED", "FLAGGED", "ALREADY_INACTIVE", null], description: "Set at the due date when nobody decided." },
    overdueAt: NULLABLE_DATE,
  }),
};

const OPEN = fromZod(ZOpenAccessReview, "ZOpenAccessReview", {
  name: { minLength: 3, maxLength: 120 },
  dueAt: { format: "date-time", description: "At least a minute and at most a year ahead. Reminders go out at MANDATE_ACCESS_REVIEW_REMINDER_HOURS before it." },
  onOverdue: { description: "SUSPEND (default): agents nobody reviewed by the due date are suspended (their live credentials revoked). FLAG: only recorded." },
});
const DECIDE = fromZod(ZDecideReviewTask, "ZDecideReviewTask", {
  justification: { minLength: 10, maxLength: 1000 },
  ceiling: { description: "NARROW only: a strict subset of the agent's current ceiling. Live credentials outside it are revoked." },
});

export function accessReviewPaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/access-reviews": {
      get: humanOperation({
        operationId: "listAccessReviews",
        tags: ["Access reviews"],
        summary: "Access review campaigns with their progress, newest first",
        permission: "reviews:read",
        parameters: queryParameters(ZAccessReviewListQuery, "ZAccessReviewListQuery"),
        ok: { status: 200, response: jsonResponse("Campaigns.", object({ items: { type: "array", items: ref("AccessReview") } })) },
      }),
      post: humanOperation({
        operationId: "openAccessReview",
        tags: ["Access reviews"],
        summary: "Open an access review",
        description: "Every agent in scope that is not decommissioned becomes a task for its accountable owner (agents nobody is accountable for go to the caller, marked `unowned`); each reviewer is notified. At the due date the agents nobody reviewed are suspended or flagged and the campaign closes. At most 5,000 agents per campaign.",
        permission: "reviews:manage",
        body: jsonBody(OPEN, { name: "Q4 production review", scope: { kind: "ENVIRONMENT", environment: "production" }, dueAt: "2026-12-15T17:00:00Z", onOverdue: "SUSPEND" }),
        ok: { status: 201, response: jsonResponse("The campaign.", ref("AccessReview")) },
      }),
    },
    "/api/v1/access-reviews/{id}": {
      get: humanOperation({
        operationId: "getAccessReview",
        tags: ["Access reviews"],
        summary: "One campaign, its progress and every task",
        permission: "reviews:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The campaign.", { allOf: [ref("AccessReview")], type: "object", properties: { tasks: { type: "array", items: ref("AccessReviewTask") } }, required: ["tasks"] }) },
        errors: [404],
      }),
    },
    "/api/v1/access-reviews/tasks": {
      get: humanOperation({
        operationId: "listMyAccessReviewTasks",
        tags: ["Access reviews"],
        summary: "The caller's review tasks (their inbox), soonest due first",
        permission: "reviews:decide-own",
        parameters: queryParameters(ZReviewTaskListQuery, "ZReviewTaskListQuery", { state: "open (default): still to decide; decided: decided or handled at the due date; all." }),
        ok: { status: 200, response: jsonResponse("Tasks, each with its campaign.", object({ items: { type: "array", items: { allOf: [ref("AccessReviewTask")], type: "object", properties: { campaign: object({ id: STRING, name: STRING, dueAt: DATE, onOverdue: { enum: ["SUSPEND", "FLAG"] }, status: { enum: ["OPEN", "CLOSED"] } }) }, required: ["campaign"] } } })) },
      }),
    },
    "/api/v1/access-reviews/tasks/{id}/decide": {
      post: humanOperation({
        operationId: "decideAccessReviewTask",
        tags: ["Access reviews"],
        summary: "Keep, narrow or decommission the agent of one of the caller's tasks",
        description: "Only the task's reviewer decides it (anyone else: 403). KEEP records; NARROW changes the agent's ceiling and revokes live credentials outside it; DECOMMISSION retires the agent and revokes its credentials. 409 once decided, or after the due date.",
        permission: "reviews:decide-own",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(DECIDE, { decision: "NARROW", justification: "Only reads invoices since the refund flow moved to billing-v2", ceiling: { audiences: ["https://billing.internal"], actions: ["read"], maxTtlSeconds: 600 } }),
        ok: { status: 200, response: jsonResponse("The decided task.", ref("AccessReviewTask")) },
        errors: [404, 409],
      }),
    },
  };
}
