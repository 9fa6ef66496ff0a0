import { defineRoute } from "@/lib/http/define-route";
import { ZLogQuery } from "@/lib/schemas/audit-log";
import { listAuditLog } from "@/lib/services/audit-log/list-audit-log";

export const dynamic = "force-dynamic";

/** The audit log, filtered, newest first, in keyset pages. */
export const GET = defineRoute({
  auth: "human",
  permission: "audit:read",
  schemas: { query: ZLogQuery },
  handler: async ({ ctx, actor, query }) => listAuditLog(ctx, actor, query),
});
