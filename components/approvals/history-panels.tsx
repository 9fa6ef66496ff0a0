"use client";
// The agent's record, for judging whether this request is ordinary: its last
// policy decisions, what people said about earlier requests for the same
// action, and the chain of agents a delegated request comes through.
import Link from "next/link";
import type { StepUpContext } from "@/lib/client/step-up-types";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { StepUpStatusBadge } from "./step-up-badges";

const TH = "py-2 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "py-2 pr-4 align-top";

const OUTCOME = { ALLOW: { label: "Allowed", tone: "green" }, DENY: { label: "Denied", tone: "red" }, STEP_UP: { label: "Step-up", tone: "amber" } } as const;

export function RecentDecisionsPanel({ decisions }: { decisions: StepUpContext["recentDecisions"] }) {
  return (
    <Panel title="Recent decisions for this agent">
      {decisions.length === 0 ? (
        <p className="text-sm text-zinc-500">No earlier decisions.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={TH}>When</th>
                <th scope="col" className={TH}>Outcome</th>
                <th scope="col" className={TH}>Actions</th>
                <th scope="col" className={TH}>Audience</th>
                <th scope="col" className={TH}>Policies</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {decisions.map((d) => {
                const o = OUTCOME[d.outcome as keyof typeof OUTCOME] ?? { label: d.outcome, tone: "neutral" as const };
                return (
                  <tr key={d.id}>
                    <td className={`${TD} whitespace-nowrap`}><DateTime iso={d.createdAt} /></td>
                    <td className={TD}><Badge tone={o.tone}>{o.label}</Badge></td>
                    <td className={`${TD} font-mono text-xs`}>{d.actions.join(", ") || "—"}</td>
                    <td className={`${TD} break-all font-mono text-xs`}>{d.audience ?? "—"}</td>
                    <td className={`${TD} font-mono text-xs text-zinc-600`}>{d.reasons.join(", ") || "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

export function SameActionPanel({ earlier }: { earlier: StepUpContext["sameAction"] }) {
  return (
    <Panel title="Earlier requests for the same action">
      {earlier.length === 0 ? (
        <p className="text-sm text-zinc-500">This agent has not asked for this action before.</p>
      ) : (
        <ul className="space-y-3 text-sm">
          {earlier.map((e) => (
            <li key={e.id} className="rounded-md border border-zinc-200 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <StepUpStatusBadge status={e.status as Parameters<typeof StepUpStatusBadge>[0]["status"]} />
                <Link href={`/approvals/${e.id}`} className="text-accent-700 hover:underline">
                  Request of <DateTime iso={e.createdAt} />
                </Link>
              </div>
              {e.votes.length > 0 && (
                <ul className="mt-2 space-y-1">
                  {e.votes.map((v, i) => (
                    <li key={i} className="text-zinc-700">
                      <span className="font-medium">{v.user.name}</span> {v.vote === "APPROVE" ? "approved" : "denied"}: “{v.justification}”
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** Only for delegated requests: the agents whose credentials this one derives from, nearest first. */
export function DelegationChainPanel({ chain }: { chain: StepUpContext["delegationChain"] }) {
  if (chain.length === 0) return null;
  return (
    <Panel title="Delegation chain">
      <p className="mb-3 text-sm text-zinc-600">
        This request narrows another agent&apos;s credential. The owners of those agents are parties to it and cannot be the independent approver.
      </p>
      <ol className="space-y-2 text-sm">
        {chain.map((c) => (
          <li key={c.credentialId} className="flex flex-wrap items-center gap-2">
            <span aria-hidden className="text-zinc-400">↳</span>
            <Link href={`/agents/${c.agent.id}`} className="font-medium text-accent-700 hover:underline">
              {c.agent.name}
            </Link>
            <span className="text-zinc-500">owned by {c.agent.owner ? `${c.agent.owner.name} (${c.agent.owner.email})` : "nobody"}</span>
            <span className="break-all font-mono text-xs text-zinc-500">credential {c.credentialId}</span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
