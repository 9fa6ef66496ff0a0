import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZUpdateAgent } from "@/lib/schemas/agent";
import { getAgent } from "@/lib/services/get-agent";
import { updateAgent } from "@/lib/services/update-agent";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "agents:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getAgent(ctx, actor, params.id),
});

export const PATCH = defineRoute({
  auth: "human",
  permission: "agents:manage-own",
  schemas: { params: ZIdParams, body: ZUpdateAgent },
  handler: async ({ ctx, actor, params, body }) => updateAgent(ctx, actor, params.id, body),
});
