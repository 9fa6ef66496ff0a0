import { defineRoute, json } from "@/lib/http/define-route";
import { ZCreateTrust } from "@/lib/schemas/trust";
import { listTrustConfigurations } from "@/lib/services/trust/trust-configurations";
import { createTrustConfiguration } from "@/lib/services/trust/create-trust-configuration";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "trust:read",
  handler: async ({ ctx, actor }) => ({ items: await listTrustConfigurations(ctx, actor) }),
});

export const POST = defineRoute({
  auth: "human",
  permission: "trust:manage",
  schemas: { body: ZCreateTrust },
  handler: async ({ ctx, actor, body }) => json(await createTrustConfiguration(ctx, actor, body), 201),
});
