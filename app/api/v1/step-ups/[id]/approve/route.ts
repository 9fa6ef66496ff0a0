import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { ZDecideStepUp } from "@/lib/schemas/broker";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";

export const dynamic = "force-dynamic";

/** {justification, requestDigest?}: the person's written reason, and optionally the digest they reviewed. */
export const POST = defineRoute({
  auth: "human",
  permission: "step-ups:read",
  schemas: { params: ZIdParams, body: ZDecideStepUp },
  handler: async ({ ctx, actor, params, body }) => decideStepUp(ctx, actor, params.id, { vote: "APPROVE", justification: body.justification, expectedDigest: body.requestDigest }),
});
