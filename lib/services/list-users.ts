import { USER_PUBLIC_SELECT, toUserView } from "@/lib/db/user-repository";
import type { Role } from "@/lib/auth/permissions";
import { requirePermission } from "./require-permission";
import type { Actor, ServiceContext } from "./context";

export async function listUsers(ctx: ServiceContext, actor: Actor, filter: { role?: Role; active?: boolean } = {}) {
  requirePermission(actor, "people:read");
  const users = await ctx.db.user.findMany({
    where: { role: filter.role, active: filter.active },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: USER_PUBLIC_SELECT,
  });
  return users.map(toUserView);
}
