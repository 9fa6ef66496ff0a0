"use client";
// One row per step-up request: which agent, what it asks to do where, why,
// how long is left (pending) or what became of it (history), and the quorum.
import Link from "next/link";
import type { StepUpSummary } from "@/lib/client/step-up-types";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { useViewer } from "@/components/viewer-context";
import { TierBadge } from "@/components/agents/badges";
import { QuorumProgress, StepUpStatusBadge, TimeLeft } from "./step-up-badges";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

export function RequestedAccess({ request }: { request: StepUpSummary["request"] }) {
  return (
    <ul className="space-y-1">
      {request.authorizationDetails.map((d, i) => (
        <li key={i} className="break-all font-mono text-xs text-zinc-800">
          <span className="font-semibold">{d.actions.join(", ")}</span>
          <span className="font-sans text-zinc-500"> on </span>
          {d.locations.join(", ")}
        </li>
      ))}
    </ul>
  );
}

function YourPart({ item }: { item: StepUpSummary }) {
  const viewer = useViewer();
  const mine = item.votes.find((v) => v.user.id === viewer.id);
  if (mine) return <Badge tone="neutral">You {mine.vote === "APPROVE" ? "approved" : "denied"}</Badge>;
  if (item.canDecide) return <Badge tone="accent">Needs your decision</Badge>;
  return null;
}

export function StepUpTable({ items, pending, caption }: { items: StepUpSummary[]; pending: boolean; caption: string }) {
  return (
    // relative: the screen-reader-only text in cells is absolutely positioned and
    // must scroll with the table, not widen the page on a phone.
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Agent</th>
            <th scope="col" className={TH}>Asks for</th>
            <th scope="col" className={TH}>Intent</th>
            <th scope="col" className={TH}>{pending ? "Time left" : "Outcome"}</th>
            <th scope="col" className={TH}>Approvals</th>
            <th scope="col" className={TH}>Requested</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {items.map((item) => (
            <tr key={item.id} className="hover:bg-zinc-50">
              <td className={TD}>
                <Link href={`/approvals/${item.id}`} className="font-medium text-accent-700 hover:underline">
                  {item.agent.name}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-1.5">
                  <TierBadge tier={item.agent.riskTier} />
                  <span className="text-xs text-zinc-500">{item.agent.environment}</span>
                </div>
              </td>
              <td className={`${TD} min-w-56`}>
                <RequestedAccess request={item.request} />
              </td>
              <td className={`${TD} min-w-48 max-w-xs text-zinc-700`}>
                <p className="line-clamp-2">{item.request.authorizationDetails[0]?.intent}</p>
              </td>
              <td className={TD}>
                {pending ? (
                  <div className="space-y-1">
                    <TimeLeft expiresAt={item.expiresAt} />
                    <div>
                      <YourPart item={item} />
                    </div>
                  </div>
                ) : (
                  <div className="space-y-1">
                    <StepUpStatusBadge status={item.status} />
                    {item.decidedAt && (
                      <p className="text-xs text-zinc-500">
                        <DateTime iso={item.decidedAt} />
                      </p>
                    )}
                  </div>
                )}
              </td>
              <td className={TD}>
                <QuorumProgress approvals={item.approvals} quorum={item.quorum} />
              </td>
              <td className={`${TD} text-zinc-600`}>
                <DateTime iso={item.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
