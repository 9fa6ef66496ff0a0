import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZUpdateTrust } from "@/lib/schemas/trust";
import { getTrustConfiguration } from "@/lib/services/trust/trust-configurations";
import { updateTrustConfiguration } from "@/lib/services/trust/update-trust-configuration";
import { deleteTrustConfiguration } from "@/lib/services/trust/delete-trust-configuration";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "trust:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getTrustConfiguration(ctx, actor, params.id),
});

export const PATCH = defineRoute({
  auth: "human",
  permission: "trust:manage",
  schemas: { params: ZIdParams, body: ZUpdateTrust },
  handler: async ({ ctx, actor, params, body }) => updateTrustConfiguration(ctx, actor, params.id, body),
});

export const DELETE = defineRoute({
  auth: "human",
  permission: "trust:manage",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => deleteTrustConfiguration(ctx, actor, params.id),
});
