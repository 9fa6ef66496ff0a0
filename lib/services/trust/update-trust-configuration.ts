// Changes a trusted issuer: name, issuer, key set, audiences, skew, instance
// claim (never its kind). The evidence records what changed from what to what.
// A changed configuration is used at once: the discovered key cache is keyed
// by the row's updatedAt.
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import type { Canonicalisable } from "@/lib/domain/canonical-json";
import type { TUpdateTrust } from "@/lib/schemas/trust";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { checkTrustShape, loadTrust, toTrustView, TRUST_SELECT } from "./trust-configurations";

export async function updateTrustConfiguration(ctx: ServiceContext, actor: Actor, id: string, input: TUpdateTrust) {
  requirePermission(actor, "trust:manage");
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const before = toTrustView(await loadTrust(tx, id));
      const issuerOrKeysChanged = input.issuer !== undefined || input.jwks !== undefined;
      const shape = issuerOrKeysChanged ? checkTrustShape(before.kind, input.issuer ?? before.issuer, input.jwks !== undefined ? input.jwks : before.jwks) : null;
      const after = toTrustView(
        await tx.trustConfiguration.update({
          where: { id },
          data: {
            name: input.name,
            issuer: shape?.issuer,
            jwks: shape ? shape.jwks : undefined,
            audiences: input.audiences && JSON.stringify(input.audiences),
            clockSkewSeconds: input.clockSkewSeconds,
            instanceClaim: input.instanceClaim,
            updatedAt: now,
          },
          select: TRUST_SELECT,
        }),
      );
      const changes: Record<string, Canonicalisable> = {};
      for (const f of ["name", "issuer", "audiences", "clockSkewSeconds", "instanceClaim", "keyIds"] as const) {
        if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { from: before[f] as Canonicalisable, to: after[f] as Canonicalisable };
      }
      if (JSON.stringify(before.jwks) !== JSON.stringify(after.jwks) && !changes.keyIds) changes.keys = "replaced";
      if (Object.keys(changes).length > 0) {
        await appendAuditEvent(tx, { type: "trust.updated", actor: auditActor(actor), target: { type: "trust", id }, data: { name: after.name, changes, via: actor.via }, requestId: ctx.requestId }, now);
      }
      return after;
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "a trust configuration with this name or issuer already exists", { invalidParams: [{ name: "issuer", reason: "name or issuer is already configured" }] });
    throw e;
  }
}
