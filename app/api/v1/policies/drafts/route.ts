import { defineRoute, json } from "@/lib/http/define-route";
import { ZCreatePolicyDraft } from "@/lib/schemas/policy";
import { createPolicyDraft } from "@/lib/services/policies/create-policy-draft";

export const dynamic = "force-dynamic";

/** {title, text?, tests?}: a new draft (by default a copy of the active set and its test cases). */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { body: ZCreatePolicyDraft },
  handler: async ({ ctx, actor, body }) => json(await createPolicyDraft(ctx, actor, body), 201),
});
