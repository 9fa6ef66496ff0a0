import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZSimulatePolicyDraft } from "@/lib/schemas/policy";
import { simulatePolicyDraft } from "@/lib/services/policies/simulate-policy-draft";

export const dynamic = "force-dynamic";

/** {limit?}: replays the last `limit` (default 10,000) recorded decisions against this revision of the draft. */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams, body: ZSimulatePolicyDraft },
  handler: async ({ ctx, actor, params, body }) => simulatePolicyDraft(ctx, actor, params.id, body),
});
