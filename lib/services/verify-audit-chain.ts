import { verifyDatabaseChain } from "./evidence/verify-database-chain";
import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

/** The whole chain and every signed checkpoint; names the first broken link. */
export async function verifyAuditChain(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "audit:read");
  return verifyDatabaseChain(ctx.db);
}
