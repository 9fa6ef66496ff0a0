import { defineRoute } from "@/lib/http/define-route";
import { ZPolicyVersionParams } from "@/lib/schemas/policy";
import { getPolicyVersion } from "@/lib/services/policies/read-policies";

export const dynamic = "force-dynamic";

/** One version's exact policy text, schema, test cases, author, approver and activation time. */
export const GET = defineRoute({
  auth: "human",
  permission: "policies:read",
  schemas: { params: ZPolicyVersionParams },
  handler: async ({ ctx, actor, params }) => getPolicyVersion(ctx, actor, params.version),
});
