import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listStepUps } from "@/lib/services/broker/get-step-up";
import { STEP_UP_PAGE_SIZE, approvalTabHref, parseApprovalTab, statusesOf } from "@/lib/client/approval-tabs";
import { dehydrateEntries, firstPage } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Approvals" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApprovalsPage({ searchParams }: Props) {
  const tab = parseApprovalTab((await searchParams).tab);
  const actor = await requirePageActor("step-ups:read", approvalTabHref(tab));
  const ctx = defaultContext();
  const statuses = statusesOf(tab);
  const pages = await Promise.all(statuses.map((status) => listStepUps(ctx, actor, { status, limit: STEP_UP_PAGE_SIZE })));
  const state = dehydrateEntries(statuses.map((status, i) => [queryKeys.stepUps.list(status), firstPage(toJson(pages[i]))] as const));
  const decides = hasPermission(actor.role, "step-ups:decide-any") || hasPermission(actor.role, "step-ups:decide-own");
  const description = !decides
    ? "Step-up requests and how they were decided. Your role can review them but not decide them."
    : hasPermission(actor.role, "step-ups:decide-any")
      ? "Agents asking a person to approve an exact request before they get a credential. You can decide any of them."
      : "Agents you own or back up asking you to approve an exact request before they get a credential.";
  return (
    <>
      <PageHeader title="Approvals" description={description} />
      <HydrationBoundary state={state}>
        <ApprovalsInbox tab={tab} />
      </HydrationBoundary>
    </>
  );
}
