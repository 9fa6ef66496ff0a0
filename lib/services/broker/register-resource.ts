// Protected resources: the systems that verify Mandate tokens. A resource
// authenticates at introspection with its own key pair (private_key_jwt, its
// id as client id) and only ever learns about tokens of its own audience.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { validatePublicJwks } from "@/lib/domain/jwks";
import type { TRegisterResource } from "@/lib/schemas/broker";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";

const SELECT = { id: true, name: true, audience: true, jwks: true, createdAt: true, createdById: true } as const;
const view = (r: { id: string; name: string; audience: string; jwks: string; createdAt: Date; createdById: string }) => ({ ...r, jwks: JSON.parse(r.jwks) as unknown });

export async function registerResource(ctx: ServiceContext, actor: Actor, input: TRegisterResource) {
  requirePermission(actor, "resources:manage");
  const keys = validatePublicJwks(input.jwks);
  if (!keys.ok) throw invalidField("jwks", keys.error);
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const r = await tx.protectedResource.create({ data: { name: input.name, audience: input.audience, jwks: JSON.stringify(keys.jwks), createdById: actor.id, createdAt: now }, select: SELECT });
      await appendAuditEvent(tx, { type: "resource.registered", actor: auditActor(actor), target: { type: "resource", id: r.id }, data: { name: r.name, audience: r.audience, keyIds: keys.jwks.keys.map((k) => k.kid) }, requestId: ctx.requestId }, now);
      return view(r);
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "a resource with this name or audience already exists", { invalidParams: [{ name: "audience", reason: "name or audience is already registered" }] });
    throw e;
  }
}

export async function listResources(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "resources:read");
  return (await ctx.db.protectedResource.findMany({ orderBy: { name: "asc" }, select: SELECT })).map(view);
}
