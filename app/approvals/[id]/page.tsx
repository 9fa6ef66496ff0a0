import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { getStepUp } from "@/lib/services/broker/get-step-up";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { StepUpDetailView } from "@/components/approvals/step-up-detail";

export const metadata = { title: "Approval request" };

export default async function StepUpPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const actor = await requirePageActor("step-ups:read", `/approvals/${id}`);
  let stepUp;
  try {
    stepUp = await getStepUp(defaultContext(), actor, id);
  } catch (e) {
    // Another owner's request is indistinguishable from no request.
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  const state = dehydrateEntries([[queryKeys.stepUps.detail(id), toJson(stepUp)]]);
  return (
    <HydrationBoundary state={state}>
      <StepUpDetailView id={id} />
    </HydrationBoundary>
  );
}
