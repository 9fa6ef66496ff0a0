import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZUpdatePolicyDraft } from "@/lib/schemas/policy";
import { getPolicyDraft } from "@/lib/services/policies/get-policy-draft";
import { updatePolicyDraft } from "@/lib/services/policies/update-policy-draft";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getPolicyDraft(ctx, actor, params.id),
});

/** {revision, title?, text?, tests?}: only the author edits; every save is a new revision. */
export const PATCH = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { params: ZIdParams, body: ZUpdatePolicyDraft },
  handler: async ({ ctx, actor, params, body }) => updatePolicyDraft(ctx, actor, params.id, body),
});
