import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { discardPolicyDraft } from "@/lib/services/policies/propose-policy-draft";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => discardPolicyDraft(ctx, actor, params.id),
});
