import { defineRoute } from "@/lib/http/define-route";
import { ZPolicyDiffQuery } from "@/lib/schemas/policy";
import { diffPolicyVersions } from "@/lib/services/policies/read-policies";

export const dynamic = "force-dynamic";

/** ?from=&to=: a line diff between two versions' policy texts. */
export const GET = defineRoute({
  auth: "human",
  permission: "policies:read",
  schemas: { query: ZPolicyDiffQuery },
  handler: async ({ ctx, actor, query }) => diffPolicyVersions(ctx, actor, query.from, query.to),
});
