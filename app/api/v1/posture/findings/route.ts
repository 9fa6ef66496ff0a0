import { defineRoute } from "@/lib/http/define-route";
import { ZPostureFindingsQuery } from "@/lib/schemas/posture";
import { listPostureFindings } from "@/lib/services/posture/list-posture-findings";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "posture:read",
  schemas: { query: ZPostureFindingsQuery },
  handler: async ({ ctx, actor, query }) => listPostureFindings(ctx, actor, query),
});
