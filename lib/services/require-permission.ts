// Fails closed: a service called without the permission refuses, whatever the
// route in front of it checked.
import { AppError } from "@/lib/errors";
import { hasPermission, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { Actor } from "./context";

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) {
    throw new AppError("forbidden", `your role cannot do this (needs permission "${permission}": ${PERMISSIONS[permission].toLowerCase()})`);
  }
}
