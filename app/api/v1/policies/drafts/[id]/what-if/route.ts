import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZWhatIf } from "@/lib/schemas/policy";
import { whatIfPolicyDraft } from "@/lib/services/policies/what-if-policy";

export const dynamic = "force-dynamic";

/** {request}: one composed request decided under the active set and the draft, side by side. */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams, body: ZWhatIf },
  handler: async ({ ctx, actor, params, body }) => whatIfPolicyDraft(ctx, actor, params.id, body.request),
});
