// Access review fixtures: campaigns opened through the service, with a due
// date relative to the real time (broker calls in these tests run on it).
import type { Actor, ServiceContext } from "@/lib/services/context";
import { openAccessReview } from "@/lib/services/access-reviews/open-access-review";
import { ZOpenAccessReview } from "@/lib/schemas/access-review";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export async function openReview(ctx: ServiceContext, lead: Actor, scope: Record<string, unknown>, o: { dueInMs?: number; onOverdue?: "SUSPEND" | "FLAG"; name?: string } = {}) {
  const input = ZOpenAccessReview.parse({
    name: o.name ?? `Review ${Math.random().toString(36).slice(2, 8)}`,
    scope,
    dueAt: new Date(ctx.now().getTime() + (o.dueInMs ?? 2 * MINUTE)).toISOString(),
    onOverdue: o.onOverdue ?? "SUSPEND",
  });
  return openAccessReview(ctx, lead, input);
}

export async function tasksOf(ctx: ServiceContext, campaignId: string) {
  return ctx.db.accessReviewTask.findMany({ where: { campaignId }, orderBy: { id: "asc" } });
}
