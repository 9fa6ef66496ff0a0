import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { getCredentialLife } from "@/lib/services/audit-log/get-credential-life";

export const dynamic = "force-dynamic";

/** A credential's life: decided, issued, introspected, revoked or expired — with its evidence. */
export const GET = defineRoute({
  auth: "human",
  permission: "audit:read",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => getCredentialLife(ctx, actor, params.id),
});
