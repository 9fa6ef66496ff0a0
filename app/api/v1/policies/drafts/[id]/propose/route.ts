import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { proposePolicyDraft } from "@/lib/services/policies/propose-policy-draft";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => proposePolicyDraft(ctx, actor, params.id),
});
