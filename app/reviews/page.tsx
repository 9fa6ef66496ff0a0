import { HydrationBoundary } from "@tanstack/react-query";
import { forbidden } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listAccessReviews, listMyReviewTasks } from "@/lib/services/access-reviews/read-access-reviews";
import { ZAccessReviewListQuery, ZReviewTaskListQuery } from "@/lib/schemas/access-review";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { CampaignTable } from "@/components/reviews/campaign-table";
import { MyReviewTasks } from "@/components/reviews/my-review-tasks";
import { parseReviewTab, ReviewTabs, type ReviewTab } from "@/components/reviews/review-tabs";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Access reviews" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReviewsPage({ searchParams }: Props) {
  const raw = (await searchParams).tab;
  const actor = await requirePageActor(undefined, "/reviews");
  const tabs: ReviewTab[] = [];
  if (hasPermission(actor.role, "reviews:decide-own")) tabs.push("mine");
  if (hasPermission(actor.role, "reviews:read")) tabs.push("campaigns");
  if (tabs.length === 0) forbidden();
  const tab = parseReviewTab(raw, tabs);
  const ctx = defaultContext();
  const state =
    tab === "mine"
      ? dehydrateEntries([
          [queryKeys.accessReviews.myTasks("open"), toJson((await listMyReviewTasks(ctx, actor, ZReviewTaskListQuery.parse({ state: "open" }))).items)],
          [queryKeys.accessReviews.myTasks("decided"), toJson((await listMyReviewTasks(ctx, actor, ZReviewTaskListQuery.parse({ state: "decided" }))).items)],
        ])
      : dehydrateEntries([[queryKeys.accessReviews.campaigns(), toJson((await listAccessReviews(ctx, actor, ZAccessReviewListQuery.parse({}))).items)]]);
  const canOpen = hasPermission(actor.role, "reviews:manage");
  return (
    <>
      <PageHeader
        title="Access reviews"
        description={
          tab === "mine"
            ? "Agents you are accountable for, waiting for your review: keep each as it is, narrow what it may do, or decommission it — with a justification."
            : "Campaigns in which owners confirm, narrow or retire their agents by a due date. Agents nobody reviewed in time are suspended or flagged."
        }
        actions={canOpen ? <LinkButton href="/reviews/new" variant="primary">New access review</LinkButton> : undefined}
      />
      <ReviewTabs current={tab} tabs={tabs} />
      <HydrationBoundary state={state}>{tab === "mine" ? <MyReviewTasks /> : <CampaignTable />}</HydrationBoundary>
    </>
  );
}
