import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listPostureFindings } from "@/lib/services/posture/list-posture-findings";
import { getPostureSummary } from "@/lib/services/posture/get-posture-summary";
import { POSTURE_PAGE_SIZE, POSTURE_TREND_DAYS, parsePostureFilters, postureFiltersToSearch } from "@/lib/client/posture-filters";
import { dehydrateEntries, firstPage } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { PostureView } from "@/components/posture/posture-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Posture" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PosturePage({ searchParams }: Props) {
  const filters = parsePostureFilters(await searchParams);
  const qs = postureFiltersToSearch(filters);
  const actor = await requirePageActor("posture:read", qs ? `/posture?${qs}` : "/posture");
  const ctx = defaultContext();
  const [page, summary] = await Promise.all([
    listPostureFindings(ctx, actor, { ...filters, resolved: filters.resolved === "true", limit: POSTURE_PAGE_SIZE }),
    getPostureSummary(ctx, actor, { days: POSTURE_TREND_DAYS }),
  ]);
  const state = dehydrateEntries([
    [queryKeys.posture.findings(filters), firstPage(toJson(page))],
    [queryKeys.posture.summary(POSTURE_TREND_DAYS), toJson(summary)],
  ]);
  return (
    <>
      <PageHeader
        title="Posture"
        description="Agents nobody is accountable for, dormant or over-privileged agents, risky behaviour and weak credential hygiene — evaluated every few minutes and at once after a change."
      />
      <HydrationBoundary state={state}>
        <PostureView filters={filters} options={summary.filterOptions} canAct={hasPermission(actor.role, "posture:act")} />
      </HydrationBoundary>
    </>
  );
}
