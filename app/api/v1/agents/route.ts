import { defineRoute, json } from "@/lib/http/define-route";
import { ZAgentListQuery, ZRegisterAgent } from "@/lib/schemas/agent";
import { listAgents } from "@/lib/services/list-agents";
import { registerAgent } from "@/lib/services/register-agent";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "agents:read",
  schemas: { query: ZAgentListQuery },
  handler: async ({ ctx, actor, query }) => listAgents(ctx, actor, query),
});

export const POST = defineRoute({
  auth: "human",
  permission: "agents:register",
  schemas: { body: ZRegisterAgent },
  handler: async ({ ctx, actor, body }) => json(await registerAgent(ctx, actor, body), 201),
});
