import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { getReviewScopeOptions } from "@/lib/services/access-reviews/read-access-reviews";
import { ZId } from "@/lib/schemas/text";
import { NewCampaignForm } from "@/components/reviews/new-campaign-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New access review" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** ?agent=<id>&agent=<id> opens the form with those agents as the scope (the posture page's bulk action). */
export default async function NewReviewPage({ searchParams }: Props) {
  const raw = (await searchParams).agent;
  const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((id) => ZId.safeParse(id).success).slice(0, 500);
  const actor = await requirePageActor("reviews:manage", "/reviews/new");
  const options = await getReviewScopeOptions(defaultContext(), actor, ids);
  return (
    <>
      <PageHeader
        title="New access review"
        description="Each agent in scope becomes a task for the person accountable for it (agents nobody is accountable for come to you). Reviewers are notified now and reminded before the due date."
      />
      <NewCampaignForm options={options} />
    </>
  );
}
