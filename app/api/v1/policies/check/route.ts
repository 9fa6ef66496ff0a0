import { defineRoute } from "@/lib/http/define-route";
import { ZCheckPolicy } from "@/lib/schemas/policy";
import { checkPolicyText } from "@/lib/services/policies/check-policy-text";

export const dynamic = "force-dynamic";

/** {text, tests?}: strict validation against the schema (errors at line and column) and the test cases; nothing is stored. */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { body: ZCheckPolicy },
  handler: async ({ ctx, actor, body }) => checkPolicyText(ctx, actor, body),
});
