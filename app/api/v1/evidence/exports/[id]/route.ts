import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { getEvidenceExport } from "@/lib/services/evidence/evidence-exports";

export const dynamic = "force-dynamic";

/** One export with its progress. */
export const GET = defineRoute({
  auth: "human",
  permission: "evidence:export",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getEvidenceExport(ctx, actor, params.id),
});
