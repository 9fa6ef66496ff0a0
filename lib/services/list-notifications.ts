// In-app notifications: each person sees and clears only their own.
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import type { Actor, ServiceContext } from "./context";

export async function listNotifications(ctx: ServiceContext, actor: Actor, opts: { unreadOnly?: boolean; limit?: number } = {}) {
  return ctx.db.notification.findMany({
    where: { userId: actor.id, ...(opts.unreadOnly ? { readAt: null } : {}) },
    orderBy: { createdAt: "desc" },
    take: opts.limit ?? 50,
    select: { id: true, kind: true, title: true, body: true, subject: true, createdAt: true, readAt: true },
  });
}

export async function countUnreadNotifications(ctx: ServiceContext, actor: Actor) {
  return ctx.db.notification.count({ where: { userId: actor.id, readAt: null } });
}

export async function markNotificationsRead(ctx: ServiceContext, actor: Actor, id: string | "all") {
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    if (id === "all") return { read: (await tx.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: now } })).count };
    const n = await tx.notification.findUnique({ where: { id }, select: { userId: true } });
    if (!n || n.userId !== actor.id) throw new AppError("not_found", `no notification with id ${id}`);
    return { read: (await tx.notification.updateMany({ where: { id, readAt: null }, data: { readAt: now } })).count };
  });
}
