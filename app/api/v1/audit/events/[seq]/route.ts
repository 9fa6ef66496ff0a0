import { defineRoute } from "@/lib/http/define-route";
import { ZEventSeqParams } from "@/lib/schemas/audit-log";
import { getAuditEvent } from "@/lib/services/audit-log/get-audit-event";

export const dynamic = "force-dynamic";

/** One audit event with its decision (input, matched policies, version) and credentials. */
export const GET = defineRoute({
  auth: "human",
  permission: "audit:read",
  schemas: { params: ZEventSeqParams },
  handler: async ({ ctx, actor, params }) => getAuditEvent(ctx, actor, params.seq),
});
