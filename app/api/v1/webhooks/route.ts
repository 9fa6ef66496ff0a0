import { defineRoute, json } from "@/lib/http/define-route";
import { ZCreateWebhook } from "@/lib/schemas/webhook";
import { createWebhook, listWebhooks } from "@/lib/services/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "webhooks:manage",
  handler: async ({ ctx, actor }) => ({ items: await listWebhooks(ctx, actor) }),
});

/** The response carries the signing secret once. */
export const POST = defineRoute({
  auth: "human",
  permission: "webhooks:manage",
  schemas: { body: ZCreateWebhook },
  handler: async ({ ctx, actor, body }) => json(await createWebhook(ctx, actor, body), 201),
});
