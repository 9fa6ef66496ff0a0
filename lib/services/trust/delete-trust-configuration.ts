// Removes a trusted issuer. Refused while an agent is still bound to it: the
// binding would silently stop working, and the person removing the issuer
// should see which agents depend on it first (unbind them, then remove).
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { loadTrust, toTrustView } from "./trust-configurations";

export async function deleteTrustConfiguration(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "trust:manage");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const trust = toTrustView(await loadTrust(tx, id));
    const bound = await tx.federatedBinding.findMany({ where: { trustConfigurationId: id }, select: { agentId: true }, distinct: ["agentId"], take: 20 });
    if (bound.length > 0) {
      throw new AppError("conflict", `${trust.boundAgents} federated subject(s) of ${bound.length === 20 ? "20 or more" : bound.length} agent(s) still use this issuer: unbind them first`, {
        invalidParams: [{ name: "id", reason: `bound agents: ${bound.map((b) => b.agentId).join(", ")}` }],
      });
    }
    await tx.trustConfiguration.delete({ where: { id } });
    await appendAuditEvent(tx, { type: "trust.deleted", actor: auditActor(actor), target: { type: "trust", id }, data: { name: trust.name, kind: trust.kind, issuer: trust.issuer, via: actor.via }, requestId: ctx.requestId }, now);
    return { id, deleted: true };
  });
}
