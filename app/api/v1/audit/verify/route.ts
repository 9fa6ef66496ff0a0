import { defineRoute } from "@/lib/http/define-route";
import { verifyAuditChain } from "@/lib/services/verify-audit-chain";

export const dynamic = "force-dynamic";

/** Verifies the whole audit hash chain and names the first broken link, if any. */
export const GET = defineRoute({
  auth: "human",
  permission: "audit:read",
  handler: async ({ ctx, actor }) => verifyAuditChain(ctx, actor),
});
