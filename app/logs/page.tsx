import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listAuditLog } from "@/lib/services/audit-log/list-audit-log";
import { getLogStats } from "@/lib/services/audit-log/get-log-stats";
import { listLogFilterOptions } from "@/lib/services/audit-log/list-log-filter-options";
import { ZLogQuery, ZLogStatsQuery } from "@/lib/schemas/audit-log";
import { LOG_PAGE_SIZE, logSearch, readLogFilters, statsFilters } from "@/lib/client/log-filters";
import { dehydrateEntries, firstPage } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { LogBrowser } from "@/components/logs/log-browser";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LogsPage({ searchParams }: Props) {
  const raw = await searchParams;
  const filters = readLogFilters(raw);
  const qs = logSearch(filters);
  const actor = await requirePageActor("audit:read", qs ? `/logs?${qs}` : "/logs");
  const ctx = defaultContext();
  // Filters from a link are validated like the API's; invalid ones are not
  // prefetched, and the browser shows the API's answer naming the bad field.
  const query = ZLogQuery.safeParse({ ...filters, limit: String(LOG_PAGE_SIZE) });
  const statsQuery = ZLogStatsQuery.safeParse(statsFilters(filters));
  const [options, page, stats] = await Promise.all([
    listLogFilterOptions(ctx, actor),
    query.success ? listAuditLog(ctx, actor, query.data) : null,
    statsQuery.success ? getLogStats(ctx, actor, statsQuery.data) : null,
  ]);
  const state = dehydrateEntries([
    ...(page ? [[queryKeys.auditLog.list(filters), firstPage(toJson(page))] as const] : []),
    ...(stats ? [[queryKeys.auditLog.stats(statsFilters(filters)), toJson(stats)] as const] : []),
  ]);
  return (
    <>
      <PageHeader title="Audit log" description="Every decision, issuance, step-up, revocation and change, from the hash-chained record. Filter it, share the link, open any event." />
      <HydrationBoundary state={state}>
        <LogBrowser filters={filters} agents={options.agents} owners={options.owners} policyVersions={options.policyVersions} />
      </HydrationBoundary>
    </>
  );
}
