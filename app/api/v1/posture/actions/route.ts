import { defineRoute } from "@/lib/http/define-route";
import { ZPostureAction } from "@/lib/schemas/posture";
import { actOnFindings } from "@/lib/services/posture/act-on-findings";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  auth: "human",
  permission: "posture:act",
  schemas: { body: ZPostureAction },
  handler: async ({ ctx, actor, body }) => actOnFindings(ctx, actor, body),
});
