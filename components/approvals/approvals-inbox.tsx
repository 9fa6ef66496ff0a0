"use client";
// The approvals inbox: pending requests (refreshed every few seconds, so a new
// one appears without a reload), and the decided and expired history. The
// view comes from the URL (?tab=), so each can be bookmarked.
import Link from "next/link";
import { APPROVAL_TABS, approvalTabHref, statusesOf, type ApprovalTab } from "@/lib/client/approval-tabs";
import { errorMessage } from "@/lib/client/api";
import { useMergedStepUps } from "@/lib/client/use-step-ups";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/viewer-context";
import { StepUpTable } from "./step-up-table";

function TabsNav({ current }: { current: ApprovalTab }) {
  return (
    <nav aria-label="Approval views" className="mb-4 border-b border-zinc-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {APPROVAL_TABS.map((t) => {
          const active = t.id === current;
          return (
            <li key={t.id}>
              <Link
                href={approvalTabHref(t.id)}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                  active ? "border-accent-600 text-accent-800" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900"
                }`}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function emptyText(tab: ApprovalTab, canDecide: boolean): string {
  if (tab === "decided") return "No request has been decided yet.";
  if (tab === "expired") return "No request has expired.";
  return canDecide ? "Nothing is waiting for a decision. New requests appear here within seconds." : "No request is pending.";
}

export function ApprovalsInbox({ tab }: { tab: ApprovalTab }) {
  const list = useMergedStepUps(statusesOf(tab));
  const canDecideOwn = useCan("step-ups:decide-own");
  const canDecideAny = useCan("step-ups:decide-any");
  const canDecide = canDecideOwn || canDecideAny;
  const label = APPROVAL_TABS.find((t) => t.id === tab)!.label;
  return (
    <>
      <TabsNav current={tab} />
      {list.error && <Alert tone="error">{errorMessage(list.error)}</Alert>}
      {list.isPending && <p className="py-8 text-center text-sm text-zinc-500">Loading requests…</p>}
      {!list.isPending && !list.error && list.items.length === 0 && (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-10 text-center text-sm text-zinc-600">{emptyText(tab, canDecide)}</p>
      )}
      {list.items.length > 0 && <StepUpTable items={list.items} pending={tab === "pending"} caption={`${label} step-up requests`} />}
      {list.hasMore && (
        <div className="mt-4 flex justify-center">
          <Button onClick={list.loadMore} disabled={list.isLoadingMore}>
            {list.isLoadingMore ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </>
  );
}
