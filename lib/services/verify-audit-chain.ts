import { verifyStoredChain } from "@/lib/db/audit-repository";
import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

export async function verifyAuditChain(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "audit:read");
  return verifyStoredChain(ctx.db);
}
