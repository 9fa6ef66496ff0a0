import { defineRoute, json } from "@/lib/http/define-route";
import { ZRegisterResource } from "@/lib/schemas/broker";
import { listResources, registerResource } from "@/lib/services/broker/register-resource";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "resources:read",
  handler: async ({ ctx, actor }) => ({ items: await listResources(ctx, actor) }),
});

export const POST = defineRoute({
  auth: "human",
  permission: "resources:manage",
  schemas: { body: ZRegisterResource },
  handler: async ({ ctx, actor, body }) => json(await registerResource(ctx, actor, body), 201),
});
