import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZActivatePolicyDraft } from "@/lib/schemas/policy";
import { activatePolicyDraft } from "@/lib/services/policies/activate-policy-draft";

export const dynamic = "force-dynamic";

/** {simulationId}: four eyes — not the author, and only after running the simulation of exactly this revision. */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:activate",
  schemas: { params: ZIdParams, body: ZActivatePolicyDraft },
  handler: async ({ ctx, actor, params, body }) => activatePolicyDraft(ctx, actor, params.id, body),
});
