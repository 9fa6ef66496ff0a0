import { defineRoute, json } from "@/lib/http/define-route";
import { ZRegisterSignalProvider } from "@/lib/schemas/signals";
import { listSignalProviders, registerSignalProvider } from "@/lib/services/signals/signal-providers";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "resources:read",
  handler: async ({ ctx, actor }) => ({ items: await listSignalProviders(ctx, actor) }),
});

export const POST = defineRoute({
  auth: "human",
  permission: "resources:manage",
  schemas: { body: ZRegisterSignalProvider },
  handler: async ({ ctx, actor, body }) => json(await registerSignalProvider(ctx, actor, body), 201),
});
