// Adds a trusted workload issuer. The change and its evidence commit together.
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import type { TCreateTrust } from "@/lib/schemas/trust";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { checkTrustShape, toTrustView, TRUST_SELECT } from "./trust-configurations";

export async function createTrustConfiguration(ctx: ServiceContext, actor: Actor, input: TCreateTrust) {
  requirePermission(actor, "trust:manage");
  const shape = checkTrustShape(input.kind, input.issuer, input.jwks);
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const row = await tx.trustConfiguration.create({
        data: {
          name: input.name,
          kind: input.kind,
          issuer: shape.issuer,
          jwks: shape.jwks,
          audiences: JSON.stringify(input.audiences),
          clockSkewSeconds: input.clockSkewSeconds,
          instanceClaim: input.instanceClaim ?? null,
          createdById: actor.id,
          createdAt: now,
          updatedAt: now,
        },
        select: TRUST_SELECT,
      });
      const view = toTrustView(row);
      await appendAuditEvent(
        tx,
        {
          type: "trust.created",
          actor: auditActor(actor),
          target: { type: "trust", id: view.id },
          data: { name: view.name, kind: view.kind, issuer: view.issuer, audiences: view.audiences, clockSkewSeconds: view.clockSkewSeconds, instanceClaim: view.instanceClaim, keyIds: view.keyIds, via: actor.via },
          requestId: ctx.requestId,
        },
        now,
      );
      return view;
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "a trust configuration with this name or issuer already exists", { invalidParams: [{ name: "issuer", reason: "name or issuer is already configured" }] });
    throw e;
  }
}
