"use client";
// The log browser: charts, filters (from the URL), the keyset-paged table and
// the detail drawer (?event=<seq>). The first page and the charts come from
// the server; more pages load on demand.
import { useRouter, useSearchParams } from "next/navigation";
import { errorMessage } from "@/lib/client/api";
import { hasAnyLogFilter, logSearch, readOpenEvent, type LogFilterValues } from "@/lib/client/log-filters";
import { useAuditLog } from "@/lib/client/use-audit-log";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EventDrawer } from "./event-drawer";
import { LogCharts } from "./log-charts";
import { LogFiltersBar, type Option } from "./log-filters-bar";
import { LogTable } from "./log-table";

export function LogBrowser({ filters, agents, owners, policyVersions }: { filters: LogFilterValues; agents: Option[]; owners: Option[]; policyVersions: number[] }) {
  const router = useRouter();
  const search = useSearchParams();
  const openSeq = readOpenEvent(search);
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const last = log.data?.pages.at(-1);
  const hrefFor = (seq: number | null) => {
    const qs = logSearch(filters, { event: seq });
    return qs ? `/logs?${qs}` : "/logs";
  };
  return (
    <>
      <LogCharts filters={filters} />
      <LogFiltersBar filters={filters} agents={agents} owners={owners} policyVersions={policyVersions} />
      {log.isError && <Alert tone="error">{errorMessage(log.error)}</Alert>}
      {log.isPending && <p className="py-8 text-center text-sm text-zinc-500">Loading events…</p>}
      {log.isSuccess && entries.length === 0 && !last?.nextCursor && (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-10 text-center text-sm text-zinc-600">
          {hasAnyLogFilter(filters) ? "No events match these filters." : "Nothing has been recorded yet."}
        </div>
      )}
      {entries.length > 0 && <LogTable entries={entries} hrefFor={hrefFor} />}
      {last?.partial && (
        <p role="status" className="mt-3 text-center text-sm text-zinc-600">
          {entries.length === 0 ? "No matches yet" : "Fewer matches than a page"} in the events back to <DateTime iso={last.searchedBack} />. These filters match rarely; search further back to continue.
        </p>
      )}
      {log.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? "Loading…" : last?.partial ? "Search further back" : "Load more"}
          </Button>
        </div>
      )}
      <EventDrawer seq={openSeq} onClose={() => router.push(hrefFor(null), { scroll: false })} />
    </>
  );
}
