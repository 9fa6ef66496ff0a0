// Automation API: in-app notifications, the inbox counts behind the
// navigation badges, and outgoing webhooks (admins).
import { WEBHOOK_EVENTS, ZCreateWebhook } from "@/lib/schemas/webhook";
import { SIGNATURE_HEADER } from "@/lib/domain/webhook";
import { fromZod, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const STRING = { type: "string" };
const DATE = { type: "string", format: "date-time" };
const NULLABLE_DATE = { type: ["string", "null"], format: "date-time" };
const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: "object", properties, required: Object.keys(properties) });
const items = (schema: string) => object({ items: { type: "array", items: ref(schema) } });

export const NOTIFICATION_SCHEMAS: Record<string, JsonSchema> = {
  Notification: object({ id: STRING, kind: { type: "string", description: "e.g. step_up_requested, agent_suspended." }, title: STRING, body: STRING, subject: { type: ["string", "null"], description: "What it is about, e.g. agent:<id> or step_up:<id>." }, createdAt: DATE, readAt: NULLABLE_DATE }),
  Webhook: object({ id: STRING, name: STRING, url: { type: "string", format: "uri" }, events: { type: "array", items: { enum: [...WEBHOOK_EVENTS] }, description: "Empty: every event." }, active: { type: "boolean" }, createdAt: DATE, disabledAt: NULLABLE_DATE }),
  CreatedWebhook: {
    allOf: [ref("Webhook")],
    type: "object",
    properties: { secret: { type: "string", pattern: "^whsec_", description: `Shown once. Deliveries carry \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>\`; refuse old timestamps.` } },
    required: ["secret"],
  },
  WebhookDelivery: object({ id: STRING, eventType: STRING, status: { enum: ["PENDING", "DELIVERED", "FAILED"] }, attempts: { type: "integer" }, nextAttemptAt: DATE, lastStatusCode: { type: ["integer", "null"] }, lastError: { type: ["string", "null"] }, createdAt: DATE, deliveredAt: NULLABLE_DATE }),
};

export function notificationPaths(): Record<string, JsonSchema> {
  const readCount = jsonResponse("How many notifications were marked read.", object({ read: { type: "integer", minimum: 0 } }));
  return {
    "/api/v1/me/inbox": {
      get: humanOperation({
        operationId: "getInbox",
        tags: ["Notifications"],
        summary: "Counts behind the navigation badges",
        permission: "notifications:own",
        ok: { status: 200, response: jsonResponse("Approvals and access review tasks waiting for the caller, and unread notifications.", object({ pendingApprovals: { type: "integer", minimum: 0 }, unreadNotifications: { type: "integer", minimum: 0 }, pendingReviews: { type: "integer", minimum: 0 } })) },
      }),
    },
    "/api/v1/notifications": {
      get: humanOperation({
        operationId: "listNotifications",
        tags: ["Notifications"],
        summary: "The caller's notifications, newest first (at most 50)",
        permission: "notifications:own",
        parameters: [{ name: "unread", in: "query", required: false, description: "true: only unread ones.", schema: { enum: ["true", "false"] } }],
        ok: { status: 200, response: jsonResponse("Notifications.", items("Notification")) },
      }),
    },
    "/api/v1/notifications/{id}/read": {
      post: humanOperation({
        operationId: "markNotificationRead",
        tags: ["Notifications"],
        summary: "Mark one of the caller's notifications read",
        description: "Someone else's notification answers 404.",
        permission: "notifications:own",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: readCount },
        errors: [404],
      }),
    },
    "/api/v1/notifications/read-all": {
      post: humanOperation({
        operationId: "markAllNotificationsRead",
        tags: ["Notifications"],
        summary: "Mark all of the caller's notifications read",
        permission: "notifications:own",
        ok: { status: 200, response: readCount },
      }),
    },
    "/api/v1/webhooks": {
      get: humanOperation({
        operationId: "listWebhooks",
        tags: ["Webhooks"],
        summary: "Outgoing webhooks",
        permission: "webhooks:manage",
        ok: { status: 200, response: jsonResponse("Every webhook, newest first.", items("Webhook")) },
      }),
      post: humanOperation({
        operationId: "createWebhook",
        tags: ["Webhooks"],
        summary: "Add an outgoing webhook (Slack-compatible `text` plus the event)",
        permission: "webhooks:manage",
        body: jsonBody(fromZod(ZCreateWebhook, "ZCreateWebhook", { name: { minLength: 1, maxLength: 100 }, url: { format: "uri", description: "An absolute http(s) URL without credentials." } }), { name: "approvals channel", url: "https://hooks.example.com/T000/B000", events: ["step_up.requested"] }),
        ok: { status: 201, response: jsonResponse("The webhook and its signing secret (shown once).", ref("CreatedWebhook")) },
      }),
    },
    "/api/v1/webhooks/{id}/disable": {
      post: humanOperation({
        operationId: "disableWebhook",
        tags: ["Webhooks"],
        summary: "Disable a webhook (undelivered events are dropped)",
        permission: "webhooks:manage",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("Disabled.", object({ id: STRING, active: { const: false } })) },
        errors: [404, 409],
      }),
    },
    "/api/v1/webhooks/{id}/deliveries": {
      get: humanOperation({
        operationId: "listWebhookDeliveries",
        tags: ["Webhooks"],
        summary: "The delivery log of a webhook (latest 100 attempts' outcomes)",
        permission: "webhooks:manage",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("Deliveries, newest first.", items("WebhookDelivery")) },
        errors: [404],
      }),
    },
  };
}
