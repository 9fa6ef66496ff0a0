import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { getAccessReview } from "@/lib/services/access-reviews/read-access-reviews";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { CampaignDetail } from "@/components/reviews/campaign-detail";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Access review" };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor("reviews:read", `/reviews/${encodeURIComponent(id)}`);
  let review;
  try {
    review = await getAccessReview(defaultContext(), actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  return (
    <>
      <PageHeader title={review.name} description={`Opened by ${review.openedBy.name}.`} />
      <HydrationBoundary state={dehydrateEntries([[queryKeys.accessReviews.campaign(id), toJson(review)]])}>
        <CampaignDetail id={id} />
      </HydrationBoundary>
    </>
  );
}
