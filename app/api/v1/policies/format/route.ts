import { defineRoute } from "@/lib/http/define-route";
import { ZFormatPolicy } from "@/lib/schemas/policy";
import { formatPolicyText } from "@/lib/services/policies/check-policy-text";

export const dynamic = "force-dynamic";

/** {text}: the text as Cedar's formatter writes it. */
export const POST = defineRoute({
  auth: "human",
  permission: "policies:draft",
  schemas: { body: ZFormatPolicy },
  handler: async ({ actor, body }) => formatPolicyText(actor, body.text),
});
