// Who may see and who may decide a step-up request.
import { hasPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/client";
import type { Actor } from "../context";

type Ownership = { ownerId: string | null; backupOwnerId: string | null };

export function canSeeAllStepUps(actor: Actor): boolean {
  return hasPermission(actor.role, "step-ups:decide-any") || hasPermission(actor.role, "audit:read");
}

export function canSeeStepUp(actor: Actor, o: Ownership): boolean {
  return canSeeAllStepUps(actor) || (hasPermission(actor.role, "step-ups:read") && (o.ownerId === actor.id || o.backupOwnerId === actor.id));
}

export function canDecideStepUp(actor: Actor, o: Ownership): boolean {
  if (hasPermission(actor.role, "step-ups:decide-any")) return true;
  return hasPermission(actor.role, "step-ups:decide-own") && (o.ownerId === actor.id || o.backupOwnerId === actor.id);
}

/** The step-ups an actor may see, as a filter. */
export function visibleStepUps(actor: Actor): Prisma.StepUpRequestWhereInput {
  if (canSeeAllStepUps(actor)) return {};
  return { agent: { currentOwnership: { OR: [{ ownerId: actor.id }, { backupOwnerId: actor.id }] } } };
}
