// Signal providers: systems whose reports revoke credentials (an orchestrator
// reporting restarts, an EDR reporting posture, a secret scanner reporting
// leaks). A separate registration rather than a reuse of ProtectedResource: a
// resource server's key only ever learns about its own audience, while a
// provider's key can kill credentials of any agent — a different power, given
// separately, by the people who may register resources (ADMIN, SECURITY_LEAD).
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { validatePublicJwks, type PublicJwks } from "@/lib/domain/jwks";
import type { TRegisterSignalProvider } from "@/lib/schemas/signals";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";

const SELECT = { id: true, name: true, jwks: true, createdAt: true, createdById: true } as const;
const view = (r: { id: string; name: string; jwks: string; createdAt: Date; createdById: string }) => ({ ...r, jwks: JSON.parse(r.jwks) as PublicJwks });

export async function registerSignalProvider(ctx: ServiceContext, actor: Actor, input: TRegisterSignalProvider) {
  requirePermission(actor, "resources:manage");
  const keys = validatePublicJwks(input.jwks);
  if (!keys.ok) throw invalidField("jwks", keys.error);
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const r = await tx.signalProvider.create({ data: { name: input.name, jwks: JSON.stringify(keys.jwks), createdById: actor.id, createdAt: now }, select: SELECT });
      await appendAuditEvent(tx, { type: "signal_provider.registered", actor: auditActor(actor), target: { type: "signal_provider", id: r.id }, data: { name: r.name, keyIds: keys.jwks.keys.map((k) => k.kid) }, requestId: ctx.requestId }, now);
      return view(r);
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "a signal provider with this name already exists", { invalidParams: [{ name: "name", reason: "is already registered" }] });
    throw e;
  }
}

export async function listSignalProviders(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "resources:read");
  return (await ctx.db.signalProvider.findMany({ orderBy: { name: "asc" }, select: SELECT })).map(view);
}
